import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LazyChildLogger, makeChildrenLazy } from '../src/logging/lazy-child-logger.js';
import { createLogCapture } from '../src/testing/log-capture.js';

async function rootLogger() {
  const capture = createLogCapture();
  const root = pino({ level: 'info', base: { service: 'lazy-test' } }, capture.destination);
  makeChildrenLazy(root);
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  return { root, capture, settle };
}

describe('lazy child loggers', () => {
  it('log with their own bindings and those of every ancestor', async () => {
    const { root, capture, settle } = await rootLogger();
    const child = root.child({ requestId: 'r-1' });
    expect(child).toBeInstanceOf(LazyChildLogger);
    child.info({ step: 1 }, 'first');
    child.child({ span: 's-1' }).warn('nested');
    await settle();
    expect(capture.entries()).toMatchObject([
      { service: 'lazy-test', requestId: 'r-1', step: 1, msg: 'first', level: 30 },
      { service: 'lazy-test', requestId: 'r-1', span: 's-1', msg: 'nested', level: 40 },
    ]);
  });

  it('drop lines below the level without writing anything, and follow a level change', async () => {
    const { root, capture, settle } = await rootLogger();
    const child = root.child({ requestId: 'r-2' });
    child.debug('hidden');
    expect(child.isLevelEnabled('debug')).toBe(false);
    child.level = 'debug';
    child.debug('shown');
    await settle();
    expect(capture.entries().map((entry) => entry.msg)).toEqual(['shown']);
    expect(root.isLevelEnabled('debug')).toBe(false);
  });
});
