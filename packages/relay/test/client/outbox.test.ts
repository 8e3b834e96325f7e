import { describe, expect, it } from 'vitest';
import { createOutbox } from '../../src/index.js';

describe('relay outbox', () => {
  it('keeps up to its limit, drops the oldest beyond it and counts every drop', () => {
    const outbox = createOutbox<number>(3);
    const dropped = [1, 2, 3, 4, 5].map((n) => outbox.push(n));
    expect(dropped).toEqual([false, false, false, true, true]);
    expect(outbox.size).toBe(3);
    expect(outbox.dropped).toBe(2);
    expect(outbox.drain()).toEqual([3, 4, 5]);
    expect(outbox.size).toBe(0);
  });

  it('keeps order across wrap-arounds and drains to empty', () => {
    const outbox = createOutbox<number>(2);
    outbox.push(1);
    outbox.push(2);
    expect(outbox.drain()).toEqual([1, 2]);
    for (let n = 3; n <= 10; n += 1) outbox.push(n);
    expect(outbox.drain()).toEqual([9, 10]);
    expect(outbox.dropped).toBe(6);
    expect(outbox.drain()).toEqual([]);
  });

  it('with a limit of 0 keeps nothing and counts each event as dropped', () => {
    const outbox = createOutbox<string>(0);
    expect(outbox.push('a')).toBe(true);
    expect(outbox.size).toBe(0);
    expect(outbox.dropped).toBe(1);
  });

  it('refuses a limit that is not a whole number ≥ 0', () => {
    expect(() => createOutbox(-1)).toThrow(RangeError);
    expect(() => createOutbox(1.5)).toThrow(RangeError);
  });
});
