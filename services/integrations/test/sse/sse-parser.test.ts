import { describe, expect, it } from 'vitest';
import { parseSse, SseEventTooLargeError, type SseEvent } from '../../src/sse/sse-parser.js';

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
    const events = await collect(['data: {"a"', ':1}\r', '\n\r\nevent: ping\ndata: x\n', '\n', euro.slice(0, cut), euro.slice(cut)]);
    expect(events).toEqual([{ event: 'message', data: '{"a":1}' }, { event: 'ping', data: 'x' }, { event: 'message', data: '5€' }]);
  });

  it('joins multi-line data, ignores comments and data-less events, strips a BOM, keeps the last id', async () => {
    const events = await collect(['\uFEFF: keep-alive\n\nid: 7\nevent: a\n\ndata: one\ndata:two\n\n']);
    expect(events).toEqual([{ event: 'message', data: 'one\ntwo', id: '7' }]);
  });

  it('discards an unterminated event at the end of the stream (WHATWG)', async () => {
    expect(await collect(['data: complete\n\n', 'data: cut off'])).toEqual([{ event: 'message', data: 'complete' }]);
  });

  it('refuses an event larger than the limit instead of buffering it', async () => {
    await expect(collect(['data: ', 'x'.repeat(100), 'y'.repeat(100)], 150)).rejects.toBeInstanceOf(SseEventTooLargeError);
  });
});
