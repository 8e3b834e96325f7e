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
  // id → envelope timestamp (ms); insertion order is arrival order.
  const seen = new Map<string, number>();
  let floorMs = Number.NEGATIVE_INFINITY;

  let insertsSincePrune = 0;
  // Ids whose timestamp left the window are refused by the timestamp check anyway; dropping them is only about
  // memory, so it runs every PRUNE_EVERY inserts rather than on each one.
  const forgetExpired = (nowMs: number) => {
    insertsSincePrune = 0;
    for (const [id, at] of seen) {
      if (at >= nowMs - windowMs) break;
      seen.delete(id);
    }
  };

  return {
    verify(input) {
      if (!isEnvelopeShape(input)) return { ok: false, reason: 'malformed' };
      const at = Date.parse(input.wrapper.timestamp);
      if (!Number.isFinite(at)) return { ok: false, reason: 'malformed' };
      if (!signer.matches(input)) return { ok: false, reason: 'bad_signature' };
      const nowMs = now();
      if (Math.abs(nowMs - at) > windowMs || at <= floorMs) return { ok: false, reason: 'outside_replay_window' };
      if (seen.has(input.wrapper.id)) return { ok: false, reason: 'replayed' };
      if ((insertsSincePrune += 1) >= PRUNE_EVERY) forgetExpired(nowMs);
      while (seen.size >= capacity) {
        const oldest = seen.entries().next().value as [string, number];
        seen.delete(oldest[0]);
        floorMs = Math.max(floorMs, oldest[1]);
      }
      seen.set(input.wrapper.id, at);
      return { ok: true, event: input };
    },
    rememberedCount: () => seen.size,
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
