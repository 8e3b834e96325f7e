import { execFileSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createBatchedDestination } from '../src/logging/batched-destination.js';

let dir: string;
let file: string;
let fd: number;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'batched-destination-'));
  file = join(dir, 'log');
  fd = openSync(file, 'w');
});
afterEach(() => {
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
});

const written = () => readFileSync(file, 'utf8');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('batched log destination', () => {
  it('holds lines briefly, then writes them together in order', async () => {
    const destination = createBatchedDestination(fd, { maxDelayMs: 30 });
    destination.write('{"n":1}\n');
    destination.write('{"n":2}\n');
    expect(written()).toBe('');
    await sleep(80);
    expect(written()).toBe('{"n":1}\n{"n":2}\n');
  });

  it('writes what it holds when the next line might not fit, without waiting for the timer', () => {
    const destination = createBatchedDestination(fd, { bufferBytes: 50, maxDelayMs: 60_000 });
    destination.write('0123456789\n');
    destination.write('abcdefghij\n');
    expect(written()).toBe('');
    // 22 bytes are held; 11 characters may need 33 bytes, and 55 would not fit in 50.
    destination.write('ABCDEFGHIJ\n');
    expect(written()).toBe('0123456789\nabcdefghij\n');
    destination.flushSync();
    expect(written()).toBe('0123456789\nabcdefghij\nABCDEFGHIJ\n');
  });

  it('writes a line larger than its buffer straight through, after what it held', () => {
    const destination = createBatchedDestination(fd, { bufferBytes: 64, maxDelayMs: 60_000 });
    destination.write('short\n');
    const long = `${'x'.repeat(100)}\n`;
    destination.write(long);
    expect(written()).toBe(`short\n${long}`);
  });

  it('flushSync writes what is buffered, including non-ASCII text', () => {
    const destination = createBatchedDestination(fd, { maxDelayMs: 60_000 });
    destination.write('{"path":"/caf\u00e9/\u{1F600}"}\n');
    destination.flushSync();
    expect(written()).toBe('{"path":"/caf\u00e9/\u{1F600}"}\n');
  });

  it('formats queued records when it writes, in their place among plain lines', async () => {
    const destination = createBatchedDestination(fd, { maxDelayMs: 30 });
    const formatted: number[] = [];
    const later = destination.formatLater((n: number) => {
      formatted.push(n);
      return `{"record":${n}}\n`;
    });
    later(1);
    later(2);
    expect(formatted).toEqual([]);
    destination.write('{"plain":3}\n');
    later(4);
    expect(formatted).toEqual([1, 2]);
    expect(written()).toBe('');
    await sleep(80);
    expect(formatted).toEqual([1, 2, 4]);
    expect(written()).toBe('{"record":1}\n{"record":2}\n{"plain":3}\n{"record":4}\n');
  });

  it('formats records once the queue is full, and writes them when the buffer fills', () => {
    const destination = createBatchedDestination(fd, { bufferBytes: 64, maxQueuedRecords: 3, maxDelayMs: 60_000 });
    let formattedCount = 0;
    const later = destination.formatLater((n: number) => {
      formattedCount += 1;
      return `record ${String(n).padStart(3, '0')}\n`;
    });
    later(1);
    later(2);
    expect(formattedCount).toBe(0);
    later(3);
    expect(formattedCount).toBe(3);
    // 33 bytes held; the next formatting pass cannot fit three more 11-byte lines at their worst case.
    for (const n of [4, 5, 6]) later(n);
    expect(formattedCount).toBe(6);
    expect(written()).not.toBe('');
    destination.flushSync();
    expect(written()).toBe([1, 2, 3, 4, 5, 6].map((n) => `record 00${n}\n`).join(''));
  });

  it('keeps buffered lines when the process exits, and never holds an idle process open', () => {
    const module = fileURLToPath(new URL('../src/logging/batched-destination.ts', import.meta.url));
    const script = [
      `import { createBatchedDestination } from ${JSON.stringify(module)};`,
      `const destination = createBatchedDestination(1, { maxDelayMs: 60_000 });`,
      `destination.write('first\\n');`,
      `destination.formatLater((n) => 'record ' + n + '\\n')(1);`,
      // Exits on its own with a line still buffered and a 60 s timer pending: the timer must not keep it alive.
      `if (process.argv[1] === 'exit') { destination.write('second\\n'); process.exit(3); }`,
    ].join('\n');
    const run = (mode: string) => {
      try {
        return {
          output: execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, mode], {
            encoding: 'utf8',
            timeout: 10_000,
          }),
          code: 0,
        };
      } catch (error) {
        const failed = error as { stdout: string; status: number };
        return { output: failed.stdout, code: failed.status };
      }
    };
    expect(run('idle')).toEqual({ output: 'first\nrecord 1\n', code: 0 });
    expect(run('exit')).toEqual({ output: 'first\nrecord 1\nsecond\n', code: 3 });
  });
});
