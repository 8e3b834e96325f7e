import { boundedMemo } from '../bounded-memo.js';
import { sanitiseErrorForLog } from './db-error.js';

/**
 * Deny-by-default redaction of secret-looking keys at any depth (libraries.md W4). Key names are matched
 * case-insensitively with separators removed, so `api_key`, `apiKey` and `X-API-Key` are all caught.
 */
const sensitiveKeyFragments = [
  'authorization',
  'cookie',
  'password',
  'passwd',
  'token',
  'apikey',
  'secret',
  'credential',
  'privatekey',
  'signature',
  'sessionid',
];

export const REDACTED = '[redacted]';
const MAX_DEPTH = 12;

// Log objects reuse a small set of key names, so the verdict per name is cached (bounded).
export const isSensitiveKey: (key: string) => boolean = boundedMemo(10_000, classifyKey);

function classifyKey(key: string): boolean {
  const normalised = key.toLowerCase().replace(/[-_\s]/g, '');
  if (normalised === 'key' || normalised === 'xapikey') return true;
  return sensitiveKeyFragments.some((fragment) => normalised.includes(fragment));
}

/** Returns the same object when nothing needed redacting, so the common case allocates nothing. */
export function redactDeep<T>(value: T, depth = 0, seen: WeakSet<object> = new WeakSet()): T {
  if (value === null || typeof value !== 'object') return value;
  if (depth >= MAX_DEPTH || seen.has(value as object)) return value;
  // An error under any other key than err/error is stringified with its own fields: a database error's query
  // parameters must go first.
  if (value instanceof Error) return sanitiseErrorForLog(value);
  if (value instanceof Date || Buffer.isBuffer(value)) return value;
  seen.add(value as object);

  if (Array.isArray(value)) {
    let copy: unknown[] | undefined;
    value.forEach((item, index) => {
      const next = redactDeep(item, depth + 1, seen);
      if (next !== item) (copy ??= [...value])[index] = next;
    });
    return (copy ?? value) as T;
  }

  let copy: Record<string, unknown> | undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const next =
      isSensitiveKey(key) && item !== undefined && item !== null ? REDACTED : redactDeep(item, depth + 1, seen);
    if (next !== item) (copy ??= { ...(value as Record<string, unknown>) })[key] = next;
  }
  return (copy ?? value) as T;
}
