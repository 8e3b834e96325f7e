import type { SandboxEvent } from '../wire-types.js';
import { createEnvelopeSigner } from './sign.js';

export const DEFAULT_REPLAY_WINDOW_MS = 5 * 60_000;
export const DEFAULT_MAX_REMEMBERED_IDS = 100_000;
const PRUNE_EVERY = 1_024;

export type EnvelopeRefusal = 'malformed' | 'bad_signature' | 'outside_replay_window' | 'replayed';
export type EnvelopeCheck = { ok: true; event: SandboxEvent } | { ok: false; reason: EnvelopeRefusal };

export interface EnvelopeVerifierOptions {
  secret: string | Uint8Array;
  /** Accepted distance between `wrapper.timestamp` and now, both ways (default 5 minutes). */
  replayWindowMs?: number;
  /** Most event ids remembered at once (default 100,000); see `createEnvelopeVerifier`. */
  maxRememberedIds?: number;
  now?: () => number;
}

export interface EnvelopeVerifier {
  /**
   * Accepts an envelope once: a well-formed shape, a MAC that matches (constant time), a timestamp inside the
   * replay window and an id not seen inside that window. Never throws, whatever `input` is.
   */
  verify(input: unknown): EnvelopeCheck;
  /** Ids currently remembered (for metrics and tests). */
  rememberedCount(): number;
}

/**
 * The receiver side of docs/spec/network.md §4 (network W4): a replayed envelope is refused while its timestamp is
 * in the window, and once it falls out of the window the timestamp check refuses it, so ids need to be kept only
 * for the window. Memory is bounded: when `maxRememberedIds` is reached the oldest id is forgotten and its
 * timestamp becomes a floor below which every envelope is refused, so forgetting an id never re-opens a replay
 * (at worst a very late, never-seen envelope is refused under a flood).
 */
export function createEnvelopeVerifier(options: EnvelopeVerifierOptions): EnvelopeVerifier {
  const signer = createEnvelopeSigner(options.secret);
  const windowMs = options.replayWindowMs ?? DEFAULT_REPLAY_WINDOW_MS;
  const capacity = Math.max(1, options.maxRememberedIds ?? DEFAULT_MAX_REMEMBERED_IDS);
  const now = options.now ?? Date.now;
  const memory = new SeenIds(capacity);
  let insertsSincePrune = 0;

  return {
    verify(input) {
      if (!isEnvelopeShape(input)) return { ok: false, reason: 'malformed' };
      const at = Date.parse(input.wrapper.timestamp);
      if (!Number.isFinite(at)) return { ok: false, reason: 'malformed' };
      if (!signer.matches(input)) return { ok: false, reason: 'bad_signature' };
      const nowMs = now();
      if (Math.abs(nowMs - at) > windowMs || at <= memory.floorMs)
        return { ok: false, reason: 'outside_replay_window' };
      if (memory.has(input.wrapper.id)) return { ok: false, reason: 'replayed' };
      // Ids whose timestamp left the window are refused by the timestamp check anyway: dropping them is only about
      // memory, so it runs every PRUNE_EVERY inserts.
      if ((insertsSincePrune += 1) >= PRUNE_EVERY) {
        insertsSincePrune = 0;
        memory.forgetOlderThan(nowMs - windowMs);
      }
      memory.add(input.wrapper.id, at);
      return { ok: true, event: input };
    },
    rememberedCount: () => memory.size,
  };
}

function isEnvelopeShape(input: unknown): input is SandboxEvent {
  if (typeof input !== 'object' || input === null) return false;
  const { payload, wrapper, hash } = input as Partial<SandboxEvent>;
  if (typeof hash !== 'string') return false;
  if (typeof payload !== 'object' || payload === null || typeof payload.type !== 'string') return false;
  if (typeof wrapper !== 'object' || wrapper === null) return false;
  return (
    typeof wrapper.id === 'string' &&
    wrapper.id.length > 0 &&
    typeof wrapper.timestamp === 'string' &&
    typeof wrapper.source === 'string' &&
    typeof wrapper.runId === 'string' &&
    typeof wrapper.boundary === 'string'
  );
}

/**
 * Remembered ids in arrival order: a ring of (id, timestamp) plus a set for lookups. A Map used as a queue would
 * slow down as deleted entries pile up at its front; the ring evicts in O(1).
 */
class SeenIds {
  private readonly ids: Array<string | undefined> = [];
  private readonly times: number[] = [];
  private readonly members = new Set<string>();
  private head = 0;
  private count = 0;
  /** Timestamps at or below this may have been forgotten while still inside the window: refused. */
  floorMs = Number.NEGATIVE_INFINITY;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.count;
  }

  has(id: string): boolean {
    return this.members.has(id);
  }

  add(id: string, at: number): void {
    if (this.count === this.capacity) {
      this.floorMs = Math.max(this.floorMs, this.times[this.head]!);
      this.dropOldest();
    }
    const slot = (this.head + this.count) % this.capacity;
    this.ids[slot] = id;
    this.times[slot] = at;
    this.count += 1;
    this.members.add(id);
  }

  /** Forgets ids from the oldest arrival on while their timestamp is before `limitMs`. */
  forgetOlderThan(limitMs: number): void {
    while (this.count > 0 && this.times[this.head]! < limitMs) this.dropOldest();
  }

  private dropOldest(): void {
    this.members.delete(this.ids[this.head]!);
    this.ids[this.head] = undefined;
    this.head = (this.head + 1) % this.capacity;
    this.count -= 1;
  }
}
