import { writeSync } from 'node:fs';

export interface BatchedDestination {
  write(line: string): boolean;
  /**
   * Returns a function that queues records for `format` to turn into lines when the batch is written, each in its
   * place among the other lines. Formatting a few hundred lines in one go costs noticeably less than formatting
   * each in the middle of serving a request, with everything else the request touched in the caches.
   */
  formatLater<R>(format: (record: R) => string): (record: R) => void;
  /** Writes whatever is held, synchronously. */
  flushSync(): void;
}

export interface BatchedDestinationOptions {
  /** Size of the buffer lines gather in; when the next line might not fit, the buffer is written first. */
  bufferBytes?: number;
  /** How many records wait to be formatted at most. */
  maxQueuedRecords?: number;
  /** The longest a line waits for company before it is written. */
  maxDelayMs?: number;
}

/**
 * A log destination that gathers lines and writes them with one `write(2)`: when the buffer is full or a few
 * milliseconds after the first of them, whichever comes first. Under load one system call then carries hundreds of
 * lines instead of one per request; an idle service's line still appears within `maxDelayMs`, which nobody
 * reading a log can tell from immediate. Each line is encoded into the buffer as it arrives, while it is still
 * in cache, rather than as part of one long string at the end; records queued through `formatLater` are
 * formatted together, just before the next plain line or the write. The buffer is written synchronously on process
 * exit, so a crash that reaches `exit` keeps every line; only a SIGKILL can lose the last few milliseconds.
 */
export function createBatchedDestination(fd = 1, options: BatchedDestinationOptions = {}): BatchedDestination {
  const buffer = Buffer.allocUnsafe(options.bufferBytes ?? 64 * 1024);
  const maxQueuedRecords = options.maxQueuedRecords ?? 256;
  const maxDelayMs = options.maxDelayMs ?? 20;
  let used = 0;
  let timer: NodeJS.Timeout | undefined;
  // Queued records and the formatter of each, side by side.
  const records: unknown[] = [];
  const formatters: Array<(record: never) => string> = [];

  const writeBuffer = () => {
    if (used === 0) return;
    const bytes = used;
    used = 0;
    writeFully(fd, buffer.subarray(0, bytes));
  };

  const encode = (line: string) => {
    // UTF-8 needs at most three bytes per UTF-16 code unit.
    const worstCase = line.length * 3;
    if (worstCase > buffer.length - used) writeBuffer();
    if (worstCase > buffer.length) writeFully(fd, Buffer.from(line));
    else used += buffer.write(line, used);
  };

  const formatQueued = () => {
    for (let i = 0; i < records.length; i += 1) encode(formatters[i]!(records[i] as never));
    records.length = 0;
    formatters.length = 0;
  };

  const flushSync = () => {
    if (timer !== undefined) {
      clearTimeout(timer);
      timer = undefined;
    }
    formatQueued();
    writeBuffer();
  };

  const startTimer = () => {
    timer = setTimeout(flushSync, maxDelayMs);
    // Held log lines never keep a process alive; `exit` writes them.
    timer.unref();
  };

  process.on('exit', flushSync);
  return {
    write(line) {
      // Queued records come first: they were logged before this line.
      if (records.length > 0) formatQueued();
      encode(line);
      if (timer === undefined) startTimer();
      return true;
    },
    formatLater<R>(format: (record: R) => string) {
      return (record: R) => {
        records.push(record);
        formatters.push(format);
        if (records.length >= maxQueuedRecords) formatQueued();
        if (timer === undefined) startTimer();
      };
    },
    flushSync,
  };
}

export function isBatchedDestination(destination: unknown): destination is BatchedDestination {
  return typeof (destination as Partial<BatchedDestination> | undefined)?.formatLater === 'function';
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
