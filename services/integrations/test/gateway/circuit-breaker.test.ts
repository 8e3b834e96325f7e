import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, type BreakerState } from '../../src/gateway/circuit-breaker.js';

function setup() {
  let now = 1_000;
  const changes: [string, BreakerState, BreakerState][] = [];
  const breaker = createCircuitBreaker({
    threshold: 3,
    openMs: 10_000,
    clock: () => now,
    onStateChange: (k, from, to) => changes.push([k, from, to]),
  });
  return { breaker, changes, advance: (ms: number) => (now += ms) };
}

describe('createCircuitBreaker', () => {
  it('opens after `threshold` consecutive failures of one circuit and leaves other circuits alone', () => {
    const { breaker } = setup();
    for (let i = 0; i < 3; i += 1) breaker.failure('openai:cred:a', false);
    expect(breaker.acquire('openai:cred:a')).toMatchObject({ allowed: false });
    expect(breaker.acquire('openai:cred:b')).toEqual({ allowed: true, probe: false });
  });

  it('counts consecutive failures only: a success in between resets the count', () => {
    const { breaker } = setup();
    breaker.failure('k', false);
    breaker.failure('k', false);
    breaker.success('k', false);
    breaker.failure('k', false);
    breaker.failure('k', false);
    expect(breaker.acquire('k')).toEqual({ allowed: true, probe: false });
  });

  it('lets one probe through after openMs, closes after two good probes and reopens on a failed one', () => {
    const { breaker, changes, advance } = setup();
    for (let i = 0; i < 3; i += 1) breaker.failure('k', false);
    advance(10_000);
    expect(breaker.acquire('k')).toEqual({ allowed: true, probe: true });
    expect(breaker.acquire('k')).toMatchObject({ allowed: false });
    breaker.failure('k', true);
    expect(breaker.view('k').state).toBe('open');
    advance(10_000);
    for (let i = 0; i < 2; i += 1) {
      const permit = breaker.acquire('k');
      expect(permit).toEqual({ allowed: true, probe: true });
      breaker.success('k', true);
    }
    expect(breaker.view('k')).toEqual({ state: 'closed', failures: 0, lastFailureAt: null });
    expect(changes.map(([, , to]) => to)).toEqual(['open', 'half_open', 'open', 'half_open', 'closed']);
  });

  it('frees the probe slot when a probe ends without a verdict (a caller error or a client abort)', () => {
    const { breaker, advance } = setup();
    for (let i = 0; i < 3; i += 1) breaker.failure('k', false);
    advance(10_000);
    expect(breaker.acquire('k')).toMatchObject({ allowed: true, probe: true });
    breaker.release('k', true);
    expect(breaker.acquire('k')).toMatchObject({ allowed: true, probe: true });
  });
});
