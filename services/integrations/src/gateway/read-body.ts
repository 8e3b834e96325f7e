import type { UpstreamResponse } from '../net/http-transport.js';

/** Bodies we hold whole (non-streamed answers, error bodies) are capped: an upstream cannot exhaust memory. */
export const MAX_ANSWER_BYTES = 32 * 1_048_576;
export const MAX_ERROR_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`upstream body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a body up to `limit` bytes, calling `onChunk` per chunk (the idle timer). The bytes are decoded once at
 * the end, so a character split across chunks needs no streaming decoder.
 */
export async function readText(
  response: UpstreamResponse,
  limit: number,
  onChunk: () => void = () => {},
): Promise<string> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of response.body as AsyncIterable<Buffer | string>) {
    onChunk();
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    size += bytes.length;
    if (size > limit) {
      response.body.destroy();
      throw new BodyTooLargeError(limit);
    }
    parts.push(bytes);
  }
  return Buffer.concat(parts, size).toString('utf8');
}

/** An error body as JSON when it is JSON, else `{ message: <text> }`; never throws. */
export async function readErrorBody(response: UpstreamResponse): Promise<unknown> {
  let text: string;
  try {
    text = await readText(response, MAX_ERROR_BYTES);
  } catch {
    return null;
  }
  try {
    return JSON.parse(text);
  } catch {
    return text.trim() ? { message: text.trim().slice(0, 300) } : null;
  }
}
