import { describe, expect, it } from 'vitest';
import { createSessionCache } from '../../src/sessions/session-cache.js';

const clockAt = (start = 1_000_000) => {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
};

describe('session cache', () => {
  it('trusts a session found active for ttlMs, then asks again', () => {
    const clock = clockAt();
    const cache = createSessionCache({ ttlMs: 2_000, clock: clock.now });
    expect(cache.isFresh('s1')).toBe(false);
    cache.remember('s1');
    expect(cache.isFresh('s1')).toBe(true);
    clock.advance(1_999);
    expect(cache.isFresh('s1')).toBe(true);
    clock.advance(1);
    expect(cache.isFresh('s1')).toBe(false);
  });

  it('forgets a revoked session at once and ignores a lookup that raced with the revocation', () => {
    const clock = clockAt();
    const cache = createSessionCache({ ttlMs: 2_000, clock: clock.now });
    cache.remember('s1');
    cache.forget('s1');
    expect(cache.isFresh('s1')).toBe(false);
    // A read that started before the revocation finishes after it: it must not bring the session back.
    cache.remember('s1');
    expect(cache.isFresh('s1')).toBe(false);
  });

  it('stays bounded, dropping the oldest entries first', () => {
    const cache = createSessionCache({ ttlMs: 60_000, maxEntries: 3 });
    for (const id of ['a', 'b', 'c', 'd']) cache.remember(id);
    expect(['a', 'b', 'c', 'd'].map((id) => cache.isFresh(id))).toEqual([false, true, true, true]);
  });

  it('caches nothing with ttlMs 0', () => {
    const cache = createSessionCache({ ttlMs: 0 });
    cache.remember('s1');
    expect(cache.isFresh('s1')).toBe(false);
  });
});
