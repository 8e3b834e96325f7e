import type { FabricChange } from './changes.js';
import type { FabricState } from './fabric-state.js';
import type { Clock } from './types.js';

/** What every part of the fabric shares: the state, the one mutation path, the clock and this replica's id. */
export interface FabricContext {
  readonly state: FabricState;
  /** Applies a local change and emits it to change listeners (the cluster publishes it). */
  commit(change: FabricChange): void;
  readonly clock: Clock;
  readonly replicaId: string;
}

let lastMs = Number.NaN;
let lastIso = '';
/** ISO-8601 of an instant; the last one is remembered, since routing asks for the same millisecond many times. */
export const isoAt = (ms: number): string => {
  if (ms !== lastMs) {
    lastIso = new Date(ms).toISOString();
    lastMs = ms;
  }
  return lastIso;
};

export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isNonEmptyString = (value: unknown): value is string => typeof value === 'string' && value.trim() !== '';

export const isStringArray = (value: unknown): value is string[] =>
  Array.isArray(value) && value.every((item) => typeof item === 'string');
