import { describe, expect, it } from 'vitest';
import { createSseFrameReader, type ChatFrame } from '../src/web/lib/sse-lines.js';

const bytes = (text: string) => new TextEncoder().encode(text);

function readInChunks(stream: Uint8Array, size: number): ChatFrame[] {
  const reader = createSseFrameReader();
  const frames: ChatFrame[] = [];
  for (let i = 0; i < stream.length; i += size) frames.push(...reader.push(stream.subarray(i, i + size)));
  return [...frames, ...reader.end()];
}

describe('chat SSE frame reader (website-and-cli.md A6, W-6)', () => {
  const wire = bytes(
    'data: {"content":"Héllo"}\n\n: heartbeat\n\ndata: not json\n\ndata: {"content":" wörld ✓"}\n\ndata: {"done":true}\n\n',
  );

  it('loses and duplicates nothing whatever the chunk boundaries, multi-byte characters included', () => {
    for (const size of [1, 2, 3, 7, 16, wire.length]) {
      expect(readInChunks(wire, size)).toEqual([
        { kind: 'content', text: 'Héllo' },
        { kind: 'content', text: ' wörld ✓' },
        { kind: 'done' },
      ]);
    }
  });

  it('reads an error frame with its details', () => {
    expect(readInChunks(bytes('data: {"error":"LLM request failed","details":"HTTP 500"}\n\n'), 5)).toEqual([
      { kind: 'error', error: 'LLM request failed', details: 'HTTP 500' },
    ]);
  });

  it('keeps a last line without its newline until the stream ends', () => {
    const reader = createSseFrameReader();
    expect(reader.push(bytes('data: {"content":"tail"}'))).toEqual([]);
    expect(reader.end()).toEqual([{ kind: 'content', text: 'tail' }]);
  });
});
