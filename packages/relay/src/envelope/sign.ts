import { createHmac, timingSafeEqual } from 'node:crypto';
import type { SandboxEvent } from '../wire-types.js';
import { canonicalMember } from './canonical-json.js';

/** What the MAC covers: the envelope without `path` (it changes in flight) and without `hash` itself. */
export type SignableEvent = Pick<SandboxEvent, 'payload' | 'wrapper'>;

const HASH_PATTERN = /^[0-9a-f]{64}$/;

/**
 * The exact message the MAC is computed over (docs/spec/network.md §4): canonical JSON of
 * `{ boundary, causedBy, data, id, runId, source, sourceEntityId, target, targetEntityId, timestamp, type }`.
 */
export function envelopeSigningInput(event: SignableEvent): string {
  const { payload, wrapper } = event;
  // Written field by field in sorted key order: the same bytes as canonicalJson({ boundary, causedBy, ... }), without
  // building and sorting that object for every event.
  let out = `{"boundary":${canonicalMember(wrapper.boundary) ?? 'null'}`;
  // Optional members are omitted when undefined (no closure here: this runs for every event).
  let text = canonicalMember(wrapper.causedBy);
  if (text !== undefined) out += `,"causedBy":${text}`;
  text = canonicalMember(payload.data);
  if (text !== undefined) out += `,"data":${text}`;
  out += `,"id":${canonicalMember(wrapper.id) ?? 'null'},"runId":${canonicalMember(wrapper.runId) ?? 'null'}`;
  out += `,"source":${canonicalMember(wrapper.source) ?? 'null'}`;
  text = canonicalMember(wrapper.sourceEntityId);
  if (text !== undefined) out += `,"sourceEntityId":${text}`;
  text = canonicalMember(wrapper.target);
  if (text !== undefined) out += `,"target":${text}`;
  text = canonicalMember(wrapper.targetEntityId);
  if (text !== undefined) out += `,"targetEntityId":${text}`;
  out += `,"timestamp":${canonicalMember(wrapper.timestamp) ?? 'null'},"type":${canonicalMember(payload.type) ?? 'null'}`;
  return `${out}}`;
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
  const mac = (event: SignableEvent) => createHmac('sha256', key).update(envelopeSigningInput(event)).digest('hex');
  return {
    sign: mac,
    matches(event) {
      if (typeof event.hash !== 'string' || !HASH_PATTERN.test(event.hash)) return false;
      // Hex strings decoded into pooled buffers: cheaper than a fresh digest buffer per event, same comparison.
      return timingSafeEqual(Buffer.from(mac(event), 'hex'), Buffer.from(event.hash, 'hex'));
    },
  };
}
