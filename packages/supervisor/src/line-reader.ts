import type { Readable } from 'node:stream';

// A service that prints without newlines must not grow the buffer without bound.
const MAX_LINE_CHARS = 64 * 1024;

/** Calls `onLine` for every line of `stream` (without the line ending), including a last unterminated one. */
export function readLines(stream: Readable, onLine: (line: string) => void): void {
  let pending = '';
  const emit = (line: string): void => onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      emit(pending.slice(0, newline));
      pending = pending.slice(newline + 1);
      newline = pending.indexOf('\n');
    }
    if (pending.length > MAX_LINE_CHARS) {
      emit(pending);
      pending = '';
    }
  });
  stream.on('end', () => {
    if (pending !== '') emit(pending);
    pending = '';
  });
}

/** Keeps the last `limit` lines, for error messages and `recentLines()`. */
export function createRecentLines(limit: number): { push(line: string): void; list(): string[] } {
  const lines: string[] = [];
  return {
    push(line) {
      lines.push(line);
      if (lines.length > limit) lines.splice(0, lines.length - limit);
    },
    list: () => [...lines],
  };
}
