/** One dispatched server-sent event (WHATWG HTML §9.2.6). `event` is "message" when the stream named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An upstream event larger than we are willing to hold (a broken or hostile upstream must not exhaust memory). */
export class SseEventTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`server-sent event larger than ${limit} characters`);
    this.name = 'SseEventTooLargeError';
  }
}

export interface SseParser {
  /** Feeds the next bytes; returns the events they completed (possibly none). */
  push(chunk: Uint8Array | string): SseEvent[];
  /** End of stream: an unterminated last event is discarded, as the WHATWG algorithm says. */
  end(): SseEvent[];
}

const LINE_BREAK = /\r\n|\r|\n/g;
const DEFAULT_MAX_EVENT_CHARS = 4 * 1_048_576;

/**
 * Incremental SSE parser: events come out as soon as their blank line arrives, whatever the chunking (a chunk may
 * end inside a line, inside a CRLF or inside a multi-byte UTF-8 character). Follows the WHATWG algorithm: BOM
 * stripped, comments ignored, `data` lines joined with "\n", events without data not dispatched. Push-based and
 * synchronous, so one upstream read costs one pass and no promise per event.
 */
export function createSseParser(maxEventChars = DEFAULT_MAX_EVENT_CHARS): SseParser {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let started = false;
  let data: string[] = [];
  let dataChars = 0;
  let eventType = '';
  let lastId: string | undefined;

  const processLine = (line: string, out: SseEvent[]) => {
    if (line.length === 0) {
      if (data.length > 0) out.push({ event: eventType || 'message', data: data.join('\n'), ...(lastId !== undefined && { id: lastId }) });
      data = [];
      dataChars = 0;
      eventType = '';
      return;
    }
    if (line.charCodeAt(0) === 58 /* ':' comment */) return;
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.charCodeAt(0) === 32) value = value.slice(1);
    if (field === 'data') {
      dataChars += value.length + 1;
      if (dataChars > maxEventChars) throw new SseEventTooLargeError(maxEventChars);
      data.push(value);
    } else if (field === 'event') {
      eventType = value;
    } else if (field === 'id' && !value.includes('\0')) {
      lastId = value;
    }
  };

  const drain = (final: boolean): SseEvent[] => {
    const out: SseEvent[] = [];
    LINE_BREAK.lastIndex = 0;
    let start = 0;
    for (let match = LINE_BREAK.exec(buffer); match !== null; match = LINE_BREAK.exec(buffer)) {
      // A CR as the last character may be the first half of a CRLF split across chunks: wait for more.
      if (!final && match[0] === '\r' && match.index === buffer.length - 1) break;
      processLine(buffer.slice(start, match.index), out);
      start = match.index + match[0].length;
    }
    buffer = start === 0 ? buffer : buffer.slice(start);
    if (buffer.length + dataChars > maxEventChars) throw new SseEventTooLargeError(maxEventChars);
    return out;
  };

  return {
    push(chunk) {
      let text = typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
      if (!started && text.length > 0) {
        started = true;
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      }
      if (text.length === 0) return [];
      buffer += text;
      return drain(false);
    },
    end() {
      buffer += decoder.decode();
      return drain(true);
    },
  };
}

/** The same parser over an async byte stream. */
export async function* parseSse(source: AsyncIterable<Uint8Array | string>, maxEventChars = DEFAULT_MAX_EVENT_CHARS): AsyncGenerator<SseEvent> {
  const parser = createSseParser(maxEventChars);
  for await (const chunk of source) yield* parser.push(chunk);
  yield* parser.end();
}
