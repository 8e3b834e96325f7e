/**
 * Counts hits per key in fixed windows. In-process: with N replicas a client gets up to N times the budget,
 * which is the documented trade-off until a shared store is configured; the memory is bounded because a
 * window's counters are dropped when the next window starts.
 */
export interface FixedWindowLimiter {
  /** Records a hit; `allowed` is false once the key has used its budget in the current window. */
  hit(key: string): { allowed: boolean; remaining: number; resetMs: number };
}

export function createFixedWindowLimiter(options: {
  windowMs: number;
  max: number;
  clock?: () => number;
}): FixedWindowLimiter {
  const clock = options.clock ?? Date.now;
  let windowStart = 0;
  let counts = new Map<string, number>();
  return {
    hit(key) {
      const now = clock();
      if (now - windowStart >= options.windowMs) {
        windowStart = now - ((now - windowStart) % options.windowMs);
        if (now - windowStart >= options.windowMs) windowStart = now;
        counts = new Map();
      }
      const used = (counts.get(key) ?? 0) + 1;
      counts.set(key, used);
      return {
        allowed: used <= options.max,
        remaining: Math.max(0, options.max - used),
        resetMs: windowStart + options.windowMs - now,
      };
    },
  };
}
