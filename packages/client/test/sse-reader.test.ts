import { describe, expect, it } from 'vitest';
import { createSseParser, readSse, readSseData, SseEventTooLargeError, type SseEvent } from '../src/sse/index.js';

async function collect(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const out: string[] = [];
  for await (const data of readSseData(source())) out.push(data);
  return out;
}

// The platform's one SSE reader (@symbia/client/sse): the website's chat, streamChat and messaging's read of the
// integrations gateway use it.
describe('readSseData', () => {
  it('yields each event once its blank line arrives, whatever the chunking', async () => {
    const stream = 'data: {"a":1}\n\n: comment\nevent: x\nid: 3\ndata: line1\ndata: line2\n\ndata:no-space\r\n\r\n';
    const expected = ['{"a":1}', 'line1\nline2', 'no-space'];
    expect(await collect([stream])).toEqual(expected);
    expect(await collect(stream.split(''))).toEqual(expected);
    expect(await collect([stream.slice(0, 5), stream.slice(5, 40), stream.slice(40)])).toEqual(expected);
  });

  it('drops an unterminated event and splits multi-byte characters safely', async () => {
    const bytes = new TextEncoder().encode('data: héllo\n\ndata: cut');
    async function* source() {
      for (const byte of bytes) yield new Uint8Array([byte]);
    }
    const out: string[] = [];
    for await (const data of readSseData(source())) out.push(data);
    expect(out).toEqual(['héllo']);
  });
});

describe('createSseParser', () => {
  const parse = (chunks: (string | Uint8Array)[], options?: Parameters<typeof createSseParser>[1]) => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event), options);
    for (const chunk of chunks) parser.push(chunk);
    parser.end();
    return events;
  };

  it('names events, keeps the last id, strips one BOM and reads CR, LF and CRLF line ends, CRLF split across chunks', () => {
    const wire =
      '\ufeffid: 7\revent: revocation\r\ndata: {"sid":"s1"}\r\r\ndata\n\n: heartbeat\n\nevent: caught-up\ndata: 9\r\n\r\n';
    const expected: SseEvent[] = [
      { event: 'revocation', data: '{"sid":"s1"}', id: '7' },
      { event: 'message', data: '', id: '7' },
      { event: 'caught-up', data: '9', id: '7' },
    ];
    expect(parse([wire])).toEqual(expected);
    expect(parse(wire.split(''))).toEqual(expected);
    expect(parse([new TextEncoder().encode(wire)])).toEqual(expected);
    expect(parse(['data: a\r', '\ndata: b\r', '\n\r', '\n'])).toEqual([{ event: 'message', data: 'a\nb' }]);
  });

  it('dispatches an unterminated last event only when asked (the website keeps a truncated last frame)', () => {
    expect(parse(['data: {"a":1}\n\ndata: tail'])).toEqual([{ event: 'message', data: '{"a":1}' }]);
    expect(parse(['data: {"a":1}\n\ndata: tail'], { dispatchUnterminated: true })).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'message', data: 'tail' },
    ]);
  });

  it('refuses an event larger than its bound, whether its lines are complete or not', () => {
    expect(() => parse([`data: ${'x'.repeat(64)}\n`], { maxEventChars: 32 })).toThrow(SseEventTooLargeError);
    expect(() => parse(['data: ', 'x'.repeat(64)], { maxEventChars: 32 })).toThrow(SseEventTooLargeError);
    expect(parse([`data: ${'x'.repeat(20)}\n\ndata: ${'y'.repeat(20)}\n\n`], { maxEventChars: 32 })).toHaveLength(2);
  });
});

describe('readSse over a fetch Response body', () => {
  it('reads a ReadableStream and cancels it when the reader stops early', async () => {
    let cancelled = false;
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(encoder.encode('data: {"content":"a"}\n\ndata: {"done":true}\n\n'));
        controller.enqueue(encoder.encode('data: {"content":"never read"}\n\n'));
      },
      cancel() {
        cancelled = true;
      },
    });
    const seen: string[] = [];
    for await (const event of readSse(new Response(body).body!)) {
      seen.push(event.data);
      if (event.data.includes('done')) break;
    }
    expect(seen).toEqual(['{"content":"a"}', '{"done":true}']);
    expect(cancelled).toBe(true);
  });
});
