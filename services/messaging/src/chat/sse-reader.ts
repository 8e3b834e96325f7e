/** Bound on one event: an upstream that never sends a blank line must not grow our memory without limit. */
const MAX_EVENT_CHARS = 1_048_576;

/**
 * The `data` payloads of a server-sent event stream (WHATWG HTML §9.2.6), yielded as soon as each event's
 * blank line arrives whatever the chunking: lines may end in CRLF, CR or LF, comments and other fields are
 * skipped, multi-line data is joined with "\n", and an unterminated event at the end is dropped.
 */
export async function* readSseData(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8');
  let buffer = '';
  let data: string[] | null = null;
  const lines = function* (final: boolean) {
    for (;;) {
      const match = /\r\n|\r|\n/.exec(buffer);
      // A lone CR at the end might be half of a CRLF split across chunks.
      if (!match || (!final && match[0] === '\r' && match.index === buffer.length - 1)) return;
      const line = buffer.slice(0, match.index);
      buffer = buffer.slice(match.index + match[0].length);
      yield line;
    }
  };
  const take = function* (final: boolean) {
    for (const line of lines(final)) {
      if (line === '') {
        if (data !== null) yield data.join('\n');
        data = null;
      } else if (line.startsWith('data')) {
        const value = line.slice(4).startsWith(':') ? line.slice(5).replace(/^ /, '') : line.length === 4 ? '' : null;
        if (value !== null) (data ??= []).push(value);
      }
    }
    if (buffer.length > MAX_EVENT_CHARS) throw new Error('upstream event too large');
  };
  for await (const chunk of source) {
    buffer += decoder.decode(chunk, { stream: true });
    yield* take(false);
  }
  buffer += decoder.decode();
  yield* take(true);
}
