/**
 * The platform's one server-sent events reader (WHATWG HTML §9.2.6), for browsers and Node alike: it needs only
 * TextDecoder and, for `readSse`, a fetch Response body (a web ReadableStream) or any async iterable of bytes.
 * The website's chat, the SDK's `streamChat` and messaging's read of the integrations gateway all use it.
 */

/** One dispatched event. `event` is "message" when the stream named none; `id` is the last id seen, if any. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An event (or unfinished line) larger than the reader will hold: a broken or hostile stream must not exhaust memory. */
export class SseEventTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`server-sent event larger than ${limit} characters`);
    this.name = 'SseEventTooLargeError';
  }
}

export interface SseParserOptions {
  /** Largest event, in characters of `data` plus the unfinished line (default 1 MiB). */
  maxEventChars?: number;
  /**
   * At the end of the stream, dispatch an event whose closing blank line never came (the WHATWG algorithm drops
   * it; the website keeps a truncated last frame). Default false.
   */
  dispatchUnterminated?: boolean;
}

export interface SseParser {
  /** Feeds the next bytes (or text); every event they complete goes to `onEvent` before this returns. */
  push(chunk: Uint8Array | string): void;
  /** End of stream: flushes the decoder; an unterminated last event is dropped unless `dispatchUnterminated`. */
  end(): void;
}

export const DEFAULT_MAX_EVENT_CHARS = 1_048_576;
const LF = 0x0a;
const SPACE = 0x20;
const COLON = 0x3a;
const BOM = 0xfeff;

/**
 * Incremental parser: events go to `onEvent` as soon as their blank line arrives, whatever the chunking (a chunk
 * may end inside a line, between CR and LF, or inside a multi-byte character). Lines end in CRLF, LF or CR; a
 * leading BOM is stripped; comments and unknown fields are skipped; `data` lines are joined with "\n"; events
 * without data are not dispatched; `retry` is ignored (callers own their backoff). Synchronous and linear in the
 * input: no chunk is rescanned.
 */
export function createSseParser(onEvent: (event: SseEvent) => void, options: SseParserOptions = {}): SseParser {
  const maxChars = options.maxEventChars ?? DEFAULT_MAX_EVENT_CHARS;
  // The BOM is stripped below, once, for byte and text input alike.
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  let partial = '';
  let atStart = true;
  // The previous text ended with CR: a LF opening the next one belongs to it (CRLF split across chunks).
  let skipLf = false;
  let data: string[] | null = null;
  let dataChars = 0;
  let eventType = '';
  let lastId: string | undefined;

  const dispatch = () => {
    if (data !== null)
      onEvent({ event: eventType || 'message', data: data.join('\n'), ...(lastId !== undefined && { id: lastId }) });
    data = null;
    dataChars = 0;
    eventType = '';
  };

  const processLine = (line: string) => {
    if (line === '') return dispatch();
    if (line.charCodeAt(0) === COLON) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === SPACE) value = value.slice(1);
    if (field === 'data') {
      dataChars += value.length + 1;
      if (dataChars > maxChars) throw new SseEventTooLargeError(maxChars);
      (data ??= []).push(value);
    } else if (field === 'event') {
      eventType = value;
    } else if (field === 'id' && !value.includes('\0')) {
      lastId = value;
    }
  };

  const feed = (text: string) => {
    if (text.length === 0) return;
    let pos = 0;
    if (atStart) {
      atStart = false;
      if (text.charCodeAt(0) === BOM) pos = 1;
    }
    if (skipLf) {
      skipLf = false;
      if (text.charCodeAt(pos) === LF) pos += 1;
    }
    // Next CR and LF at or after `pos`, searched again only once passed (most streams have no CR at all).
    let cr = text.indexOf('\r', pos);
    let lf = text.indexOf('\n', pos);
    for (;;) {
      if (cr !== -1 && cr < pos) cr = text.indexOf('\r', pos);
      if (lf !== -1 && lf < pos) lf = text.indexOf('\n', pos);
      const end = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
      if (end === -1) break;
      const piece = text.slice(pos, end);
      if (partial.length > 0) {
        const line = partial + piece;
        partial = '';
        processLine(line);
      } else {
        processLine(piece);
      }
      pos = end + 1;
      if (end === cr) {
        if (pos === text.length) skipLf = true;
        else if (text.charCodeAt(pos) === LF) pos += 1;
      }
    }
    if (pos < text.length) {
      partial += text.slice(pos);
      if (partial.length + dataChars > maxChars) throw new SseEventTooLargeError(maxChars);
    }
  };

  return {
    push: (chunk) => feed(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true })),
    end() {
      feed(decoder.decode());
      if (options.dispatchUnterminated) {
        if (partial.length > 0) processLine(partial);
        dispatch();
      }
      partial = '';
      data = null;
      dataChars = 0;
      eventType = '';
    },
  };
}

/** A fetch Response body (browser or Node) or any async iterable of bytes or text. */
export type SseSource = ReadableStream<Uint8Array> | AsyncIterable<Uint8Array | string>;

const isReadableStream = (source: SseSource): source is ReadableStream<Uint8Array> =>
  typeof (source as ReadableStream<Uint8Array>).getReader === 'function';

/**
 * The events of a stream, each yielded as soon as it is complete. Stopping early (`break`, `return`, an error
 * thrown by the consumer or the parser) cancels a ReadableStream source, so the upstream request is closed.
 * Uses the stream's reader rather than async iteration, which some browsers' ReadableStream lack.
 */
export async function* readSse(source: SseSource, options: SseParserOptions = {}): AsyncGenerator<SseEvent> {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event), options);
  if (isReadableStream(source)) {
    const reader = source.getReader();
    let finished = false;
    try {
      for (;;) {
        const next = await reader.read();
        if (next.done) break;
        parser.push(next.value);
        yield* events.splice(0);
      }
      parser.end();
      finished = true;
      yield* events.splice(0);
    } finally {
      if (finished) reader.releaseLock();
      else await reader.cancel().catch(() => undefined);
    }
    return;
  }
  for await (const chunk of source) {
    parser.push(chunk);
    yield* events.splice(0);
  }
  parser.end();
  yield* events.splice(0);
}

/** The `data` of each event of a stream (what JSON-framed streams need). */
export async function* readSseData(source: SseSource, options: SseParserOptions = {}): AsyncGenerator<string> {
  for await (const event of readSse(source, options)) yield event.data;
}
