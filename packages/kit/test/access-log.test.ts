import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createAccessLogWriter, millisecondsText, type AccessLogEntry } from '../src/logging/access-log.js';
import { createBatchedDestination } from '../src/logging/batched-destination.js';
import { createLogger } from '../src/logging/logger.js';
import { createLogCapture } from '../src/testing/log-capture.js';

const settle = () => new Promise((resolve) => setImmediate(resolve));
const entry = (fields: Partial<AccessLogEntry>): AccessLogEntry => ({
  time: 1_795_000_000_123,
  requestId: 'r-1',
  traceId: undefined,
  method: 'GET',
  path: '/',
  status: 200,
  ms: 1,
  ...fields,
});

describe('access log line', () => {
  it('writes the duration with at most two decimals, as a JSON number', () => {
    expect(millisecondsText(0)).toBe('0.00');
    expect(millisecondsText(0.004)).toBe('0.00');
    expect(millisecondsText(0.1)).toBe('0.10');
    expect(millisecondsText(1.5)).toBe('1.50');
    expect(millisecondsText(12.345_6)).toBe('12.35');
    expect(millisecondsText(1234.999)).toBe('1235.00');
    for (const odd of [Number.NaN, -1, Number.POSITIVE_INFINITY]) expect(millisecondsText(odd)).toBe('0');
  });

  it('is one JSON line in pino shape, with the level following the status', async () => {
    const capture = createLogCapture();
    const logger = createLogger({ serviceId: 'svc "quoted"', level: 'info', destination: capture.destination });
    const write = createAccessLogWriter(logger, 'svc "quoted"');
    write(entry({ path: '/a"b\\c', ms: 3.456 }));
    write(entry({ requestId: 'r-2', traceId: 'ab'.repeat(16), method: 'POST', path: '/x', status: 404, ms: 0.5 }));
    write(entry({ requestId: 'r-3', method: 'DELETE', path: '/y', status: 503, ms: 10 }));
    await settle();
    const [ok, missing, failed] = capture.entries();
    expect(ok).toEqual({
      level: 30,
      time: 1_795_000_000_123,
      service: 'svc "quoted"',
      requestId: 'r-1',
      method: 'GET',
      path: '/a"b\\c',
      status: 200,
      ms: 3.46,
      msg: 'request completed',
    });
    expect(missing).toMatchObject({
      level: 40,
      requestId: 'r-2',
      traceId: 'ab'.repeat(16),
      method: 'POST',
      status: 404,
      ms: 0.5,
    });
    expect(failed).toMatchObject({ level: 50, method: 'DELETE', status: 503, ms: 10 });
  });

  it('writes nothing below the logger level', async () => {
    const capture = createLogCapture();
    const logger = createLogger({ serviceId: 'svc', level: 'warn', destination: capture.destination });
    const write = createAccessLogWriter(logger, 'svc');
    write(entry({ requestId: 'r-1', status: 200 }));
    write(entry({ requestId: 'r-2', status: 404 }));
    await settle();
    expect(capture.entries().map((line) => line.requestId)).toEqual(['r-2']);
  });

  it('through the batched destination, keeps its place among the lines pino writes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'access-log-'));
    const file = join(dir, 'log');
    const fd = openSync(file, 'w');
    try {
      const destination = createBatchedDestination(fd, { maxDelayMs: 60_000 });
      const logger = createLogger({ serviceId: 'svc', level: 'info', destination });
      const write = createAccessLogWriter(logger, 'svc');
      write(entry({ requestId: 'r-1', time: 1_795_000_000_001 }));
      logger.info({ requestId: 'r-2' }, 'item created');
      write(entry({ requestId: 'r-2', time: 1_795_000_000_002, path: '/caf\u00e9', status: 201 }));
      write(entry({ requestId: 'r-3', time: 1_795_000_000_002 }));
      destination.flushSync();
      const lines = readFileSync(file, 'utf8')
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Record<string, unknown>);
      expect(lines.map((line) => [line.msg, line.requestId, line.time])).toEqual([
        ['request completed', 'r-1', 1_795_000_000_001],
        ['item created', 'r-2', expect.any(Number)],
        ['request completed', 'r-2', 1_795_000_000_002],
        ['request completed', 'r-3', 1_795_000_000_002],
      ]);
      expect(lines[2]).toMatchObject({ path: '/caf\u00e9', status: 201 });
    } finally {
      closeSync(fd);
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
