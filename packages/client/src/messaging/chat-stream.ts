import { SymbiaApiError, type FetchLike } from '../http.js';
import { readSseData } from '../sse/sse-reader.js';
import type { ChatFrame } from './messaging-types.js';

export interface ChatStreamOptions {
  /** The messaging service (`http://localhost:5005`) or the website origin with `path: '/api/messaging/send'`. */
  baseUrl: string;
  path?: string;
  content: string;
  assistant?: string;
  signal?: AbortSignal;
  fetch?: FetchLike;
}

/**
 * The website chat (`POST /api/messaging/send`) as an async iterable of frames, yielded as they arrive.
 * A refusal before the stream starts (400, 429, 503) throws SymbiaApiError; `{error}` frames are yielded.
 */
export async function* streamChat(options: ChatStreamOptions): AsyncGenerator<ChatFrame> {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const res = await fetchImpl(`${options.baseUrl.replace(/\/+$/, '')}${options.path ?? '/api/messaging/send'}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'text/event-stream' },
    body: JSON.stringify({ content: options.content, assistant: options.assistant ?? 'coordinator', channel: 'sdk' }),
    signal: options.signal,
  });
  if (!res.ok || !res.body) {
    const body = (await res.json().catch(() => ({}))) as { error?: string; code?: string; details?: unknown };
    throw new SymbiaApiError(res.status, body.code ?? 'http_error', body.error ?? `HTTP ${res.status}`, body.details);
  }
  for await (const data of readSseData(res.body)) {
    try {
      yield JSON.parse(data) as ChatFrame;
    } catch {
      // Not a frame of ours; the website skips such events too (website-and-cli.md A6).
    }
  }
}
