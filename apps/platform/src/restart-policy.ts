/**
 * How the launcher brings back a service that crashed after the platform was up: after a delay that starts at
 * `initialDelayMs` and doubles with each consecutive restart up to `maxDelayMs`. A service that then stays up
 * for `stableAfterMs` starts from the initial delay again at its next crash. A service that keeps crashing is
 * retried at the maximum delay for as long as the launcher runs; the rest of the platform keeps running.
 */
export interface RestartPolicy {
  readonly initialDelayMs: number;
  readonly maxDelayMs: number;
  readonly stableAfterMs: number;
}

export const defaultRestartPolicy: RestartPolicy = { initialDelayMs: 500, maxDelayMs: 30_000, stableAfterMs: 60_000 };

/** The delay before restart number `restart` (1 for the first after a stable run). */
export function restartDelayMs(policy: RestartPolicy, restart: number): number {
  return Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, restart - 1));
}
