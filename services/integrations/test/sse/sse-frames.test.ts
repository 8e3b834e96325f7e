import { describe, expect, it } from 'vitest';
import { formatFrame } from '../../src/sse/sse-frames.js';

describe('formatFrame', () => {
  it('writes one data line per frame, whatever the text holds (newlines, quotes, unicode)', () => {
    const content = 'line 1\nline "2"\r\n\u2028 é 🙂 data: x\n\n';
    const wire = formatFrame({ type: 'content', content });
    expect(wire).toBe(`data: ${JSON.stringify({ type: 'content', content })}\n\n`);
    expect(wire.slice(0, -2).includes('\n')).toBe(false);
    expect(
      formatFrame({ type: 'error', error: 'x', code: 'c', category: 'provider', retryable: true, requestId: 'r' }),
    ).toBe('data: {"type":"error","error":"x","code":"c","category":"provider","retryable":true,"requestId":"r"}\n\n');
  });
});
