export type BreakerState = 'closed' | 'open' | 'half_open';

export type BreakerPermit = { allowed: true; probe: boolean } | { allowed: false; retryAfterMs: number };

export interface BreakerView {
  state: BreakerState;
  failures: number;
  lastFailureAt: number | null;
}

/**
 * Spec §15.2 with W7: one circuit per provider *and credential*, so one tenant's failing key or endpoint never
 * blocks the others. Only upstream failures are reported to it (the gateway decides what counts); after
 * `threshold` consecutive ones it opens for `openMs`, then lets one probe through at a time and closes after
 * `closeAfter` successful probes. State is per process: each replica judges the upstream from its own calls.
 */
export interface CircuitBreaker {
  acquire(key: string): BreakerPermit;
  success(key: string, probe: boolean): void;
  failure(key: string, probe: boolean): void;
  /** The call ended without a verdict on the upstream (caller error, client abort): frees a probe slot. */
  release(key: string, probe: boolean): void;
  view(key: string): BreakerView;
}

interface Circuit {
  state: BreakerState;
  failures: number;
  openedAt: number;
  lastFailureAt: number | null;
  probeInFlight: boolean;
  probeSuccesses: number;
}

export interface CircuitBreakerOptions {
  threshold: number;
  openMs: number;
  closeAfter?: number;
  clock?: () => number;
  onStateChange?: (key: string, from: BreakerState, to: BreakerState) => void;
  /** Bound on remembered circuits; healthy ones are forgotten first, so memory stays flat. */
  maxCircuits?: number;
}

export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const { threshold, openMs, closeAfter = 2, clock = Date.now, onStateChange, maxCircuits = 10_000 } = options;
  const circuits = new Map<string, Circuit>();

  const setState = (key: string, circuit: Circuit, state: BreakerState) => {
    const from = circuit.state;
    if (from === state) return;
    circuit.state = state;
    onStateChange?.(key, from, state);
  };
  const circuitOf = (key: string): Circuit => {
    let circuit = circuits.get(key);
    if (!circuit) {
      if (circuits.size >= maxCircuits) circuits.delete(circuits.keys().next().value!);
      circuit = {
        state: 'closed',
        failures: 0,
        openedAt: 0,
        lastFailureAt: null,
        probeInFlight: false,
        probeSuccesses: 0,
      };
      circuits.set(key, circuit);
    }
    return circuit;
  };

  return {
    acquire(key) {
      const circuit = circuits.get(key);
      if (!circuit || circuit.state === 'closed') return { allowed: true, probe: false };
      if (circuit.state === 'open') {
        const waited = clock() - circuit.openedAt;
        if (waited < openMs) return { allowed: false, retryAfterMs: openMs - waited };
        setState(key, circuit, 'half_open');
        circuit.probeSuccesses = 0;
      }
      if (circuit.probeInFlight) return { allowed: false, retryAfterMs: 1_000 };
      circuit.probeInFlight = true;
      return { allowed: true, probe: true };
    },
    success(key, probe) {
      const circuit = circuits.get(key);
      if (!circuit) return;
      if (probe) {
        circuit.probeInFlight = false;
        circuit.probeSuccesses += 1;
        if (circuit.probeSuccesses < closeAfter) return;
      }
      if (circuit.state === 'open') return;
      setState(key, circuit, 'closed');
      // A healthy circuit holds nothing worth remembering.
      circuits.delete(key);
    },
    failure(key, probe) {
      const circuit = circuitOf(key);
      if (probe) circuit.probeInFlight = false;
      circuit.failures += 1;
      circuit.lastFailureAt = clock();
      if (circuit.state === 'half_open' || (circuit.state === 'closed' && circuit.failures >= threshold)) {
        circuit.openedAt = clock();
        setState(key, circuit, 'open');
      }
    },
    release(key, probe) {
      const circuit = circuits.get(key);
      if (circuit && probe) circuit.probeInFlight = false;
    },
    view(key) {
      const circuit = circuits.get(key);
      return circuit
        ? { state: circuit.state, failures: circuit.failures, lastFailureAt: circuit.lastFailureAt }
        : { state: 'closed', failures: 0, lastFailureAt: null };
    },
  };
}
