import { z } from 'zod';
import { badRequest } from './errors/app-error.js';

export const MAX_PAGE_SIZE = 200;

/** Query schema for list endpoints (DESIGN §5): `limit` up to 200 and an opaque `cursor`. */
export const pageQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(50),
  cursor: z.string().max(512).optional(),
});

export type PageQuery = z.infer<typeof pageQuerySchema>;

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

/** Cursors are base64url JSON so clients treat them as opaque and we can change what is inside. */
export function encodeCursor(position: Record<string, string | number>): string {
  return Buffer.from(JSON.stringify(position), 'utf8').toString('base64url');
}

export function decodeCursor<T extends z.ZodType>(cursor: string, schema: T): z.infer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badRequest('Invalid cursor', [{ field: 'query.cursor', message: 'is not a cursor from this API' }]);
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw badRequest('Invalid cursor', [{ field: 'query.cursor', message: 'is not a cursor from this API' }]);
  return parsed.data;
}
