import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  canonicalJson,
  createEnvelopeSigner,
  createEnvelopeVerifier,
  envelopeSigningInput,
  type SandboxEvent,
} from '../../src/index.js';

const secret = randomUUID() + randomUUID();
const start = Date.parse('2026-12-07T12:00:00.000Z');

function makeEvent(overrides: Partial<SandboxEvent['wrapper']> = {}, data: unknown = { text: 'hi', n: 1 }) {
  const event: SandboxEvent = {
    payload: { type: 'message.new', data },
    wrapper: {
      id: randomUUID(),
      runId: 'run-1',
      timestamp: new Date(start).toISOString(),
      source: 'messaging',
      path: ['messaging'],
      boundary: 'intra',
      ...overrides,
    },
    hash: '',
  };
  event.hash = createEnvelopeSigner(secret).sign(event);
  return event;
}

describe('canonical JSON', () => {
  it('sorts keys at every depth, omits undefined members and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, undefined, 'x'], c: undefined, b: true } })).toBe(
      '{"a":{"b":true,"d":[1,null,"x"]},"b":1}',
    );
  });

  it('writes the same bytes whatever the key order of the input', () => {
    expect(canonicalJson({ x: 1, y: { q: 2, p: 3 } })).toBe(canonicalJson({ y: { p: 3, q: 2 }, x: 1 }));
  });

  it('writes every string as JSON.stringify does (escapes, control characters, non-ASCII, lone surrogates)', () => {
    for (let code = 0; code < 0x3000; code += 1) {
      const text = `a${String.fromCharCode(code)}b`;
      expect(canonicalJson(text)).toBe(JSON.stringify(text));
    }
    expect(canonicalJson('\ud800x')).toBe(JSON.stringify('\ud800x'));
  });

  it('writes non-finite numbers as null and honours toJSON', () => {
    expect(canonicalJson({ a: Number.NaN, d: new Date(0) })).toBe('{"a":null,"d":"1970-01-01T00:00:00.000Z"}');
  });

  it('writes the signing input exactly as canonical JSON of the network.md §4 object', () => {
    const event = makeEvent(
      { target: 'b', causedBy: 'e0', sourceEntityId: 'ent_s', targetEntityId: 'ent_t' },
      {
        z: [1, { y: 'é"\\n', x: null }],
        a: 1.5e-7,
      },
    );
    const { payload, wrapper } = event;
    expect(envelopeSigningInput(event)).toBe(
      canonicalJson({
        type: payload.type,
        timestamp: wrapper.timestamp,
        targetEntityId: wrapper.targetEntityId,
        target: wrapper.target,
        sourceEntityId: wrapper.sourceEntityId,
        source: wrapper.source,
        runId: wrapper.runId,
        id: wrapper.id,
        data: payload.data,
        causedBy: wrapper.causedBy,
        boundary: wrapper.boundary,
      }),
    );
    const noData = makeEvent();
    noData.payload.data = undefined;
    expect(envelopeSigningInput(noData)).not.toContain('"data"');
  });

  it('signs over the network.md §4 fields only, leaving path out', () => {
    const event = makeEvent({ target: 'assistants' });
    const input = JSON.parse(envelopeSigningInput(event)) as Record<string, unknown>;
    expect(Object.keys(input)).toEqual(['boundary', 'data', 'id', 'runId', 'source', 'target', 'timestamp', 'type']);
  });
});

describe('envelope signer', () => {
  const signer = createEnvelopeSigner(secret);

  it('produces a 64-character lowercase hex HMAC that matches its own event', () => {
    const event = makeEvent();
    expect(event.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(signer.matches(event)).toBe(true);
  });

  it('ignores path changes in flight', () => {
    const event = makeEvent();
    event.wrapper.path.push('assistants');
    expect(signer.matches(event)).toBe(true);
  });

  it.each([
    ['data', (e: SandboxEvent) => (e.payload.data = { text: 'bye', n: 1 })],
    ['type', (e: SandboxEvent) => (e.payload.type = 'message.deleted')],
    ['id', (e: SandboxEvent) => (e.wrapper.id = randomUUID())],
    ['timestamp', (e: SandboxEvent) => (e.wrapper.timestamp = new Date(start + 1).toISOString())],
    ['source', (e: SandboxEvent) => (e.wrapper.source = 'identity')],
    ['target', (e: SandboxEvent) => (e.wrapper.target = 'assistants')],
    ['boundary', (e: SandboxEvent) => (e.wrapper.boundary = 'extra')],
    ['targetEntityId', (e: SandboxEvent) => (e.wrapper.targetEntityId = 'ent_x')],
  ])('refuses an event whose %s was altered after signing', (_field, alter) => {
    const event = makeEvent();
    alter(event);
    expect(signer.matches(event)).toBe(false);
  });

  it('refuses a hash made with another key, and malformed hashes', () => {
    const event = makeEvent();
    const forged = { ...event, hash: createEnvelopeSigner('another-key').sign(event) };
    expect(signer.matches(forged)).toBe(false);
    expect(signer.matches({ ...event, hash: event.hash.toUpperCase() })).toBe(false);
    expect(signer.matches({ ...event, hash: event.hash.slice(2) })).toBe(false);
    expect(signer.matches({ ...event, hash: 42 as unknown as string })).toBe(false);
  });

  it('refuses an empty key', () => {
    expect(() => createEnvelopeSigner('')).toThrow();
  });
});

describe('envelope verifier', () => {
  const verifierAt = (nowMs: { value: number }, options: { maxRememberedIds?: number } = {}) =>
    createEnvelopeVerifier({ secret, replayWindowMs: 60_000, now: () => nowMs.value, ...options });

  it('accepts a fresh, correctly signed envelope once and refuses its replay', () => {
    const now = { value: start + 1_000 };
    const verifier = verifierAt(now);
    const event = makeEvent();
    expect(verifier.verify(event)).toEqual({ ok: true, event });
    expect(verifier.verify(structuredClone(event))).toEqual({ ok: false, reason: 'replayed' });
  });

  it('refuses forged and altered envelopes', () => {
    const verifier = verifierAt({ value: start });
    const event = makeEvent();
    expect(verifier.verify({ ...event, hash: createEnvelopeSigner('guess').sign(event) })).toEqual({
      ok: false,
      reason: 'bad_signature',
    });
    const altered = structuredClone(event);
    altered.payload.data = { text: 'tampered', n: 1 };
    expect(verifier.verify(altered)).toEqual({ ok: false, reason: 'bad_signature' });
  });

  it('refuses envelopes outside the replay window, in the past and in the future', () => {
    const verifier = verifierAt({ value: start });
    expect(verifier.verify(makeEvent({ timestamp: new Date(start - 60_001).toISOString() }))).toEqual({
      ok: false,
      reason: 'outside_replay_window',
    });
    expect(verifier.verify(makeEvent({ timestamp: new Date(start + 60_001).toISOString() }))).toEqual({
      ok: false,
      reason: 'outside_replay_window',
    });
  });

  it('refuses a replay after the window moved on, when its id has been forgotten', () => {
    const now = { value: start };
    const verifier = verifierAt(now);
    const event = makeEvent();
    expect(verifier.verify(event).ok).toBe(true);
    now.value = start + 120_000;
    expect(verifier.verify(makeEvent({ timestamp: new Date(now.value).toISOString() })).ok).toBe(true);
    expect(verifier.verify(event)).toEqual({ ok: false, reason: 'outside_replay_window' });
  });

  it('keeps a bounded memory and never re-opens a replay when it forgets an id', () => {
    const verifier = verifierAt({ value: start }, { maxRememberedIds: 3 });
    const events = [0, 1, 2, 3, 4].map((i) => makeEvent({ timestamp: new Date(start + i).toISOString() }));
    for (const event of events) expect(verifier.verify(event).ok).toBe(true);
    expect(verifier.rememberedCount()).toBe(3);
    // The forgotten ids sit at or below the floor, so their replays are still refused.
    expect(verifier.verify(events[0]).ok).toBe(false);
    expect(verifier.verify(events[1]).ok).toBe(false);
  });

  it('forgets ids once their timestamps leave the window', () => {
    const now = { value: start };
    const verifier = verifierAt(now);
    const batch = (at: number) => {
      for (let i = 0; i < 1_100; i += 1)
        expect(verifier.verify(makeEvent({ timestamp: new Date(at).toISOString() })).ok).toBe(true);
    };
    batch(start);
    now.value = start + 120_000;
    batch(now.value);
    expect(verifier.rememberedCount()).toBeLessThanOrEqual(1_100); // not 2,200: the first batch is gone
  });

  it.each([null, 'text', 42, {}, { payload: {}, wrapper: {}, hash: 'x' }])('refuses malformed input %#', (input) => {
    expect(verifierAt({ value: start }).verify(input)).toEqual({ ok: false, reason: 'malformed' });
  });

  it('refuses an unparseable timestamp as malformed', () => {
    expect(verifierAt({ value: start }).verify(makeEvent({ timestamp: 'yesterday' }))).toEqual({
      ok: false,
      reason: 'malformed',
    });
  });
});
