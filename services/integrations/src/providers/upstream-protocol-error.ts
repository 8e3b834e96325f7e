/**
 * The upstream answered 2xx but broke its own wire format (a malformed chunk, an error event inside the stream,
 * a stream cut off before its end marker). Thrown by adapters; the gateway turns it into a provider error.
 */
export class UpstreamProtocolError extends Error {
  constructor(
    readonly kind: 'malformed' | 'error_event' | 'truncated',
    message: string,
    readonly upstreamCode?: string,
  ) {
    super(message);
    this.name = 'UpstreamProtocolError';
  }
}

export const malformed = (what: string) => new UpstreamProtocolError('malformed', `malformed ${what}`);

export function parseJsonChunk(data: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw malformed('stream chunk (not JSON)');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw malformed('stream chunk (not a JSON object)');
  return parsed as Record<string, unknown>;
}

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

// Token counts land in int4 columns: an absurd upstream value must not make the whole usage batch fail.
const MAX_COUNT = 2_147_483_647;
export const nonNegativeInt = (value: unknown): number | undefined =>
  typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? Math.min(Math.floor(value), MAX_COUNT)
    : undefined;

/** `{error: {message, type, code}}`, `{error: "text"}` or `{message}`: the shapes providers use for errors. */
export function errorInfoOf(body: unknown): { message: string; code?: string } | null {
  if (!isRecord(body)) return null;
  const error = body.error;
  if (typeof error === 'string')
    return { message: error, ...(typeof body.error_type === 'string' && { code: body.error_type }) };
  if (isRecord(error)) {
    const message = typeof error.message === 'string' ? error.message : JSON.stringify(error).slice(0, 300);
    const code = typeof error.code === 'string' ? error.code : typeof error.type === 'string' ? error.type : undefined;
    return { message, ...(code !== undefined && { code }) };
  }
  if (typeof body.message === 'string') return { message: body.message };
  return null;
}
