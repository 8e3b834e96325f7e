/** Bodies we hold whole (non-streamed answers, error bodies) are capped: an upstream cannot exhaust memory. */
export const MAX_ANSWER_BYTES = 32 * 1_048_576;
export const MAX_ERROR_BYTES = 64 * 1024;

export class BodyTooLargeError extends Error {
  constructor(limit: number) {
    super(`upstream body larger than ${limit} bytes`);
    this.name = 'BodyTooLargeError';
  }
}

/** Reads a body up to `limit` bytes, calling `onChunk` per chunk (the idle timer). */
export async function readText(response: Response, limit: number, onChunk: () => void = () => {}): Promise<string> {
  if (!response.body) return '';
  const decoder = new TextDecoder();
  let size = 0;
  let text = '';
  for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
    onChunk();
    size += chunk.byteLength;
    if (size > limit) throw new BodyTooLargeError(limit);
    text += decoder.decode(chunk, { stream: true });
  }
  return text + decoder.decode();
}

/** An error body as JSON when it is JSON, else `{ message: <text> }`; never throws. */
export async function readErrorBody(response: Response): Promise<unknown> {
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
