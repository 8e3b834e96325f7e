import { describe, expect, it } from 'vitest';
import { readSseData } from '../../src/chat/sse-reader.js';

async function collect(chunks: string[]): Promise<string[]> {
  const encoder = new TextEncoder();
  async function* source() {
    for (const chunk of chunks) yield encoder.encode(chunk);
  }
  const out: string[] = [];
  for await (const data of readSseData(source())) out.push(data);
  return out;
}

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
