import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createEnvelopeVerifier,
  createNetworkReceiver,
  NetworkReceiveCodes,
  type SandboxEvent,
} from '../../src/index.js';
import { signedEnvelopeFor } from '../../src/testing/index.js';

const secret = randomUUID() + randomUUID();

const signedEvent = (secretKey = secret, wrapper: Partial<SandboxEvent['wrapper']> = {}): SandboxEvent =>
  signedEnvelopeFor(secretKey, {
    type: 'message.response',
    data: { conversationId: randomUUID(), message: { content: '4' } },
    source: 'assistants',
    target: 'messaging',
    wrapper,
  });

const receiverWith = (verifierSecret: string | null) => {
  const delivered: SandboxEvent[] = [];
  const receiver = createNetworkReceiver({
    verifier: verifierSecret === null ? null : createEnvelopeVerifier({ secret: verifierSecret }),
    deliver: (event) => delivered.push(event),
  });
  return { receiver, delivered };
};

describe('POST /api/network/receive (framework-free receiver)', () => {
  it('accepts an envelope signed with NETWORK_HASH_SECRET once and hands it to the handlers', () => {
    const { receiver, delivered } = receiverWith(secret);
    const event = signedEvent();
    expect(receiver.receive(event)).toEqual({ ok: true, eventId: event.wrapper.id });
    expect(delivered).toEqual([event]);
  });

  it('refuses a replay of an accepted envelope with 409 event_replayed', () => {
    const { receiver, delivered } = receiverWith(secret);
    const event = signedEvent();
    receiver.receive(event);
    expect(receiver.receive(structuredClone(event))).toMatchObject({
      ok: false,
      status: 409,
      code: NetworkReceiveCodes.replayed,
    });
    expect(delivered).toHaveLength(1);
  });

  it('refuses an altered envelope and one signed with another key (401 invalid_event_signature)', () => {
    const { receiver, delivered } = receiverWith(secret);
    const altered = signedEvent();
    altered.wrapper.source = 'untrusted-x';
    expect(receiver.receive(altered)).toMatchObject({ status: 401, code: NetworkReceiveCodes.invalidSignature });
    const forged = signedEvent(randomUUID() + randomUUID());
    expect(receiver.receive(forged)).toMatchObject({ status: 401, code: NetworkReceiveCodes.invalidSignature });
    expect(delivered).toEqual([]);
  });

  it('refuses an envelope from outside the replay window (401 event_outside_replay_window)', () => {
    const { receiver } = receiverWith(secret);
    const old = signedEvent(secret, { timestamp: new Date(Date.now() - 60 * 60_000).toISOString() });
    expect(receiver.receive(old)).toMatchObject({ status: 401, code: NetworkReceiveCodes.outsideReplayWindow });
  });

  it('answers malformed bodies 400 invalid_envelope', () => {
    const { receiver } = receiverWith(secret);
    for (const body of [null, 'x', {}, { payload: { type: 'a' } }, { ...signedEvent(), wrapper: { id: 'x' } }]) {
      expect(receiver.receive(body)).toMatchObject({
        ok: false,
        status: 400,
        code: NetworkReceiveCodes.invalidEnvelope,
      });
    }
  });

  it('without a secret accepts nothing (401 event_not_verifiable)', () => {
    const { receiver, delivered } = receiverWith(null);
    expect(receiver.receive(signedEvent())).toMatchObject({ status: 401, code: NetworkReceiveCodes.unverifiable });
    expect(delivered).toEqual([]);
  });
});
