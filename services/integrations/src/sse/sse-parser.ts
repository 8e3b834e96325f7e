/** One dispatched server-sent event (WHATWG HTML §9.2.6). `event` is "message" when the stream named none. */
export interface SseEvent {
  event: string;
  data: string;
  id?: string;
}

/** An upstream event larger than we are willing to hold (a broken or hostile upstream must not exhaust memory). */
export class SseEventTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`server-sent event larger than ${limit} bytes`);
    this.name = 'SseEventTooLargeError';
  }
}

export interface SseParser {
  /** Feeds the next bytes; every event they complete goes to the parser's `onEvent` before this returns. */
  push(chunk: Uint8Array | string): void;
  /** End of stream: an unterminated last line or event is discarded, as the WHATWG algorithm says. */
  end(): void;
}

const LF = 0x0a;
const CR = 0x0d;
const COLON = 0x3a;
const SPACE = 0x20;
const DEFAULT_MAX_EVENT_BYTES = 4 * 1_048_576;

/** Whether `buf[start..end)` is exactly `name` followed by a colon or the end of the line (ASCII field names). */
function isField(buf: Buffer, start: number, fieldEnd: number, name: string): boolean {
  if (fieldEnd - start !== name.length) return false;
  for (let i = 0; i < name.length; i += 1) if (buf[start + i] !== name.charCodeAt(i)) return false;
  return true;
}

/**
 * Incremental SSE parser over bytes: events go to `onEvent` as soon as their blank line arrives, whatever the
 * chunking (a chunk may end inside a line, between CR and LF, or inside a multi-byte UTF-8 character). Lines are
 * found with `indexOf` on the Buffer and only the values of complete lines are decoded, so a character split
 * across chunks is joined before decoding (LF and CR never occur inside a UTF-8 sequence) and no chunk is ever
 * turned into a string whole. Follows the WHATWG algorithm: BOM stripped, comments ignored, `data` lines joined
 * with "\n", events without data not dispatched. Synchronous: one upstream read costs one pass and no promise.
 */
export function createSseParser(
  onEvent: (event: SseEvent) => void,
  maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
): SseParser {
  // The unfinished line: pieces of earlier chunks, joined only once its end arrives (no quadratic copying).
  let partial: Buffer[] = [];
  let partialBytes = 0;
  let atStart = true;
  // The previous chunk ended with CR: a LF opening this one belongs to it (CRLF split across chunks).
  let skipLf = false;
  let data: string | null = null;
  let dataBytes = 0;
  let eventType = '';
  let lastId: string | undefined;

  const dispatch = () => {
    if (data !== null) {
      const event: SseEvent = { event: eventType || 'message', data };
      if (lastId !== undefined) event.id = lastId;
      onEvent(event);
    }
    data = null;
    dataBytes = 0;
    eventType = '';
  };

  const processLine = (buf: Buffer, start: number, end: number) => {
    if (atStart) {
      atStart = false;
      if (end - start >= 3 && buf[start] === 0xef && buf[start + 1] === 0xbb && buf[start + 2] === 0xbf) start += 3;
    }
    if (start === end) return dispatch();
    if (buf[start] === COLON) return; // comment
    let fieldEnd = buf.indexOf(COLON, start);
    if (fieldEnd === -1 || fieldEnd > end) fieldEnd = end;
    let valueStart = fieldEnd < end ? fieldEnd + 1 : end;
    if (valueStart < end && buf[valueStart] === SPACE) valueStart += 1;
    if (isField(buf, start, fieldEnd, 'data')) {
      dataBytes += end - valueStart + 1;
      if (dataBytes > maxEventBytes) throw new SseEventTooLargeError(maxEventBytes);
      const value = buf.toString('utf8', valueStart, end);
      data = data === null ? value : `${data}\n${value}`;
    } else if (isField(buf, start, fieldEnd, 'event')) {
      eventType = buf.toString('utf8', valueStart, end);
    } else if (isField(buf, start, fieldEnd, 'id')) {
      const value = buf.toString('utf8', valueStart, end);
      if (!value.includes('\0')) lastId = value;
    }
  };

  return {
    push(input) {
      const chunk =
        typeof input === 'string'
          ? Buffer.from(input, 'utf8')
          : Buffer.isBuffer(input)
            ? input
            : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
      let pos = 0;
      if (skipLf && chunk.length > 0) {
        skipLf = false;
        if (chunk[0] === LF) pos = 1;
      }
      // Where the next CR is (-1: none left in this chunk); most streams have none, so it is searched once.
      let cr = chunk.indexOf(CR, pos);
      while (pos < chunk.length) {
        const lf = chunk.indexOf(LF, pos);
        if (cr !== -1 && cr < pos) cr = chunk.indexOf(CR, pos);
        const lineEnd = cr !== -1 && (lf === -1 || cr < lf) ? cr : lf;
        if (lineEnd === -1) break;
        if (partialBytes > 0) {
          // The line began in an earlier chunk: join its pieces once, now that it is complete.
          partial.push(chunk.subarray(pos, lineEnd));
          const line = Buffer.concat(partial, partialBytes + lineEnd - pos);
          partial = [];
          partialBytes = 0;
          processLine(line, 0, line.length);
        } else {
          processLine(chunk, pos, lineEnd);
        }
        pos = lineEnd + 1;
        if (lineEnd === cr) {
          if (pos === chunk.length) skipLf = true;
          else if (chunk[pos] === LF) pos += 1;
        }
      }
      if (pos < chunk.length) {
        const rest = chunk.subarray(pos);
        partial.push(rest);
        partialBytes += rest.length;
        if (partialBytes + dataBytes > maxEventBytes) throw new SseEventTooLargeError(maxEventBytes);
      }
    },
    end() {
      partial = [];
      partialBytes = 0;
    },
  };
}

/** The same parser over an async byte stream. */
export async function* parseSse(
  source: AsyncIterable<Uint8Array | string>,
  maxEventBytes = DEFAULT_MAX_EVENT_BYTES,
): AsyncGenerator<SseEvent> {
  const events: SseEvent[] = [];
  const parser = createSseParser((event) => events.push(event), maxEventBytes);
  for await (const chunk of source) {
    parser.push(chunk);
    yield* events.splice(0);
  }
  parser.end();
}
