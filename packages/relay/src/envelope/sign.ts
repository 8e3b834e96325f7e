import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxEvent } from '../wire-types.js';
import { canonicalJson } from './canonical-json.js';

/** What the MAC covers: the envelope without `path` (it changes in flight) and without `hash` itself. */
export type SignableEvent = Pick<SandboxEvent, 'payload' | 'wrapper'>;

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The exact message the MAC is computed over (docs/spec/network.md §4): canonical JSON of
 * `{ boundary, causedBy, data, id, runId, source, sourceEntityId, target, targetEntityId, timestamp, type }`.
 */
export function envelopeSigningInput(event: SignableEvent): string {
  const { payload, wrapper } = event;
  return canonicalJson({
    boundary: wrapper.boundary,
    causedBy: wrapper.causedBy,
    data: payload.data,
    id: wrapper.id,
    runId: wrapper.runId,
    source: wrapper.source,
    sourceEntityId: wrapper.sourceEntityId,
    target: wrapper.target,
    targetEntityId: wrapper.targetEntityId,
    timestamp: wrapper.timestamp,
    type: payload.type,
  });
}

/** Signs and checks envelope MACs with one key (`NETWORK_HASH_SECRET`). */
export interface EnvelopeSigner {
  /** Lowercase hex HMAC-SHA256 of the canonical envelope (64 characters). */
  sign(event: SignableEvent): string;
  /** Whether `event.hash` is the MAC of the event, compared in constant time (network W4). No replay check. */
  matches(event: SandboxEvent): boolean;
}

export function createEnvelopeSigner(secret: string | Uint8Array): EnvelopeSigner {
  if (secret.length === 0) throw new Error('the envelope signing key must not be empty');
  // A private copy, so a caller that later clears or reuses its buffer does not change the key.
  const key = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret);
  const mac = (event: SignableEvent) => createHmac('sha256', key).update(envelopeSigningInput(event)).digest();
  return {
    sign: (event) => mac(event).toString('hex'),
    matches(event) {
      if (typeof event.hash !== 'string' || !HASH_PATTERN.test(event.hash)) return false;
      return timingSafeEqual(mac(event), Buffer.from(event.hash, 'hex'));
    },
  };
}
