import { writeSync } from 'node:fs';

export interface BatchedDestination {
  write(line: string): boolean;
  /** Writes whatever is buffered, synchronously. */
  flushSync(): void;
}

export interface BatchedDestinationOptions {
  /** Size of the buffer lines gather in; when the next line might not fit, the buffer is written first. */
  bufferBytes?: number;
  /** The longest a line waits for company before it is written. */
  maxDelayMs?: number;
}

/**
 * A log destination that gathers lines and writes them with one `write(2)`: when the buffer is full or a few
 * milliseconds after the first of them, whichever comes first. Under load one system call then carries hundreds of
 * lines instead of one per request; an idle service's line still appears within `maxDelayMs`, which nobody
 * reading a log can tell from immediate. Each line is encoded into the buffer as it arrives, while it is still
 * in cache, rather than as part of one long string at the end. The buffer is written synchronously on process
 * exit, so a crash that reaches `exit` keeps every line; only a SIGKILL can lose the last few milliseconds.
 */
export function createBatchedDestination(fd = 1, options: BatchedDestinationOptions = {}): BatchedDestination {
  const buffer = Buffer.allocUnsafe(options.bufferBytes ?? 64 * 1024);
  const maxDelayMs = options.maxDelayMs ?? 20;
  let used = 0;
  let timer: NodeJS.Timeout | undefined;

  const flushSync = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    if (used === 0) return;
    const bytes = used;
    used = 0;
    writeFully(fd, buffer.subarray(0, bytes));
  };

  process.on('exit', flushSync);
  return {
    write(line) {
      // UTF-8 needs at most three bytes per UTF-16 code unit.
      const worstCase = line.length * 3;
      if (worstCase > buffer.length - used) flushSync();
      if (worstCase > buffer.length) {
        writeFully(fd, Buffer.from(line));
        return true;
      }
      used += buffer.write(line, used);
      if (timer === undefined) {
        timer = setTimeout(flushSync, maxDelayMs);
        // Pending log lines never keep a process alive; `exit` writes them.
        timer.unref();
      }
      return true;
    },
    flushSync,
  };
}

function writeFully(fd: number, bytes: Buffer): void {
  while (bytes.length > 0) {
    try {
      const written = writeSync(fd, bytes);
      bytes = bytes.subarray(written);
    } catch (error) {
      // A non-blocking pipe that is full: wait for the reader rather than dropping lines.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') return;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
    }
  }
}
