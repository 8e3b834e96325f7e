import { describe, expect, it } from 'vitest';
import { createLogView, shouldUseColor, type TerminalStream } from '../src/log-view.js';

function capture(isTTY: boolean): TerminalStream & { text: string } {
  const stream = { isTTY, text: '', write: (chunk: string) => (stream.text += chunk) };
  return stream;
}

describe('log view', () => {
  it('pads the [name] prefix to the longest name', () => {
    const out = capture(false);
    const view = createLogView({ out, err: out, color: false, names: ['identity', 'assistants'] });
    view.serviceLine('identity', 'listening');
    view.info('ready');
    expect(out.text).toBe('[identity]   listening\n[symbia]     ready\n');
  });

  it('colours prefixes only when asked to', () => {
    const out = capture(true);
    createLogView({ out, err: out, color: true, names: ['identity'] }).serviceLine('identity', 'hi');
    expect(out.text).toContain('\u001b[36m[identity]');
  });

  it('uses colour on a terminal unless NO_COLOR is set', () => {
    expect(shouldUseColor(capture(true), {})).toBe(true);
    expect(shouldUseColor(capture(true), { NO_COLOR: '1' })).toBe(false);
    expect(shouldUseColor(capture(false), {})).toBe(false);
  });
});
