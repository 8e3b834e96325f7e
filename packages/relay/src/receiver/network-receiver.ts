import type { EnvelopeRefusal, EnvelopeVerifier } from '../envelope/index.js';
import { isSandboxEvent } from '../client/sandbox-event-guard.js';
import type { SandboxEvent } from '../wire-types.js';

/** Refusal codes of `POST /api/network/receive`, stable for callers and tests. */
export const NetworkReceiveCodes = {
  invalidEnvelope: 'invalid_envelope',
  invalidSignature: 'invalid_event_signature',
  outsideReplayWindow: 'event_outside_replay_window',
  replayed: 'event_replayed',
  /** This service holds no NETWORK_HASH_SECRET, so it can verify nothing and accepts nothing. */
  unverifiable: 'event_not_verifiable',
} as const;

export type NetworkReceiveOutcome =
  { ok: true; eventId: string } | { ok: false; status: 400 | 401 | 409; code: string; message: string };

/** The framework-free half of `POST /api/network/receive`; `@symbia/kit`'s registerNetworkReceiveRoute is the other. */
export interface NetworkReceiver {
  receive(body: unknown): NetworkReceiveOutcome;
}

const refusals: Record<EnvelopeRefusal, Exclude<NetworkReceiveOutcome, { ok: true }>> = {
  malformed: {
    ok: false,
    status: 400,
    code: NetworkReceiveCodes.invalidEnvelope,
    message: 'The body is not a network event envelope',
  },
  bad_signature: {
    ok: false,
    status: 401,
    code: NetworkReceiveCodes.invalidSignature,
    message: 'The event hash does not verify',
  },
  outside_replay_window: {
    ok: false,
    status: 401,
    code: NetworkReceiveCodes.outsideReplayWindow,
    message: 'The event timestamp is outside the replay window',
  },
  replayed: { ok: false, status: 409, code: NetworkReceiveCodes.replayed, message: 'The event was already received' },
};

/**
 * HTTP delivery of network events (network.md §8, libraries W8: the one canonical receive route): the envelope is
 * accepted only when its MAC verifies with NETWORK_HASH_SECRET inside the replay window and its id is new
 * (network W4), then handed to `deliver` — the relay client's `deliver`, so HTTP and socket events reach the same
 * handlers. Without a verifier (no secret configured) nothing is accepted: an unverifiable event is never trusted.
 */
export function createNetworkReceiver(deps: {
  verifier: EnvelopeVerifier | null;
  deliver: (event: SandboxEvent) => void;
}): NetworkReceiver {
  return {
    receive(body) {
      // The full shape first (handlers read path and boundary), then the MAC, the window and the id.
      if (!isSandboxEvent(body)) return refusals.malformed;
      if (deps.verifier === null) {
        return {
          ok: false,
          status: 401,
          code: NetworkReceiveCodes.unverifiable,
          message: 'This service cannot verify network events (NETWORK_HASH_SECRET is not set)',
        };
      }
      const check = deps.verifier.verify(body);
      if (!check.ok) return refusals[check.reason];
      deps.deliver(check.event);
      return { ok: true, eventId: check.event.wrapper.id };
    },
  };
}
