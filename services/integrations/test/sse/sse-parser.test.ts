import { describe, expect, it } from 'vitest';
import { createSseParser, parseSse, SseEventTooLargeError, type SseEvent } from '../../src/sse/sse-parser.js';

async function* chunks(parts: (string | Uint8Array)[]) {
  for (const part of parts) yield typeof part === 'string' ? new TextEncoder().encode(part) : part;
}
const collect = async (parts: (string | Uint8Array)[], max?: number) => {
  const out: SseEvent[] = [];
  for await (const event of parseSse(chunks(parts), max)) out.push(event);
  return out;
};

describe('parseSse', () => {
  it('yields events whatever the chunking, including CRLF split across chunks and a split UTF-8 character', async () => {
    const euro = new TextEncoder().encode('data: 5€\r\n\r\n');
    const cut = euro.indexOf(0xe2) + 1;
    const events = await collect([
      'data: {"a"',
      ':1}\r',
      '\n\r\nevent: ping\ndata: x\n',
      '\n',
      euro.slice(0, cut),
      euro.slice(cut),
    ]);
    expect(events).toEqual([
      { event: 'message', data: '{"a":1}' },
      { event: 'ping', data: 'x' },
      { event: 'message', data: '5€' },
    ]);
  });

  it('joins multi-line data, ignores comments and data-less events, strips a BOM, keeps the last id', async () => {
    const events = await collect(['\uFEFF: keep-alive\n\nid: 7\nevent: a\n\ndata: one\ndata:two\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'one\ntwo', id: '7' }]);
  });

  it('discards an unterminated event at the end of the stream (WHATWG)', async () => {
    expect(await collect(['data: complete\n\n', 'data: cut off'])).toEqual([{ event: 'message', data: 'complete' }]);
  });

  it('refuses an event larger than the limit instead of buffering it', async () => {
    await expect(collect(['data: ', 'x'.repeat(100), 'y'.repeat(100)], 150)).rejects.toBeInstanceOf(
      SseEventTooLargeError,
    );
  });

  it('gives the same events for every way of cutting the bytes into two or three chunks', () => {
    // CRLF, lone CR and LF endings, a multi-line event, a comment, named events, multi-byte characters (2, 3 and 4 bytes).
    const bytes = Buffer.from(
      '\uFEFFdata: {"t":"héllo €"}\r\n\r\n: ping\revent: delta\rdata: a\rdata: 😀b\r\rid: 9\ndata: Ω\n\n',
      'utf8',
    );
    const parse = (cuts: number[]) => {
      const events: SseEvent[] = [];
      const parser = createSseParser((event) => events.push(event));
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        parser.push(bytes.subarray(from, cut));
        from = cut;
      }
      parser.end();
      return events;
    };
    const expected = [
      { event: 'message', data: '{"t":"héllo €"}' },
      { event: 'delta', data: 'a\n😀b' },
      { event: 'message', data: 'Ω', id: '9' },
    ];
    expect(parse([])).toEqual(expected);
    for (let a = 0; a <= bytes.length; a += 1) {
      expect(parse([a])).toEqual(expected);
      for (let b = a; b <= bytes.length; b += 3) expect(parse([a, b])).toEqual(expected);
    }
  });

  it('decodes a character split byte by byte, and a line spread over many chunks', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    const long = `data: ${'x'.repeat(5000)}🎉\n\n`;
    for (const byte of Buffer.from(long, 'utf8')) parser.push(Uint8Array.of(byte));
    expect(events).toEqual([{ event: 'message', data: `${'x'.repeat(5000)}🎉` }]);
  });

  it('turns invalid UTF-8 into replacement characters instead of failing', () => {
    const events: SseEvent[] = [];
    const parser = createSseParser((event) => events.push(event));
    parser.push(Buffer.from([0x64, 0x61, 0x74, 0x61, 0x3a, 0x20, 0xff, 0x41, 0x0a, 0x0a]));
    expect(events).toEqual([{ event: 'message', data: '\uFFFDA' }]);
  });
});
