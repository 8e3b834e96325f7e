import { notFound } from '@symbia/kit/errors';

/**
 * The record a route looked up, else its 404 with `code`. A record the caller may not see is looked up as missing
 * by the domain, so the answer is the same 404 (no probing of other tenants' ids, network.md §12.4).
 */
export function found<T>(value: T | null | undefined, message: string, code: string): T {
  if (value === null || value === undefined) throw notFound(message, code);
  return value;
}
