import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  applyRevocation,
  createJwtVerifier,
  createRevocationList,
  createSseParser,
  parseRevocationEvent,
  type RevocationEvent,
  type SseEvent,
} from '../../src/index.js';
import { issuedAtMsOf } from '../../src/jwt-verifier.js';
import { rejection } from '../support/app-error-rejection.js';
import { AUDIENCE, ISSUER, TestIdentity } from '../support/test-identity.js';

let identity: TestIdentity;
beforeEach(async () => {
  identity = await TestIdentity.start();
});
afterEach(async () => {
  await identity.close();
});

const iso = (ms: number) => new Date(ms).toISOString();
let cursor = 0;
const event = (
  kind: RevocationEvent['kind'],
  subjectId: string,
  atMs: number,
  orgId: string | null = null,
): RevocationEvent => ({
  cursor: String(++cursor),
  kind,
  subjectId,
  orgId,
  at: iso(atMs),
  expiresAt: iso(atMs + 900_000),
});

// A UUIDv7 whose timestamp is `ms`, as identity mints for `jti`.
const uuidV7At = (ms: number) => {
  const hex = ms.toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7abc-8def-0123456789ab`;
};

describe('applyRevocation with the JWT verifier', () => {
  const setup = () => {
    const revocations = createRevocationList();
    const verifier = createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE, revocations });
    return { revocations, verifier };
  };

  it('session: refuses every token of the session with token_revoked, cached or not', async () => {
    const { revocations, verifier } = setup();
    const token = await identity.mint({ sid: 'sid-a' });
    await verifier.verify(token);
    applyRevocation(revocations, event('session', 'sid-a', Date.now()));
    const err = await rejection(verifier.verify(token));
    expect([err.status, err.code]).toEqual([401, 'token_revoked']);
    await expect(verifier.verify(await identity.mint({ sid: 'sid-b' }))).resolves.toMatchObject({ sessionId: 'sid-b' });
  });

  it('user: refuses tokens of the subject issued before the revocation, not those issued after it', async () => {
    const { revocations, verifier } = setup();
    const now = Date.now();
    const iat = Math.floor(now / 1000);
    const before = await identity.mint({ sub: 'user-1', iat, jti: uuidV7At(iat * 1000 + 100) });
    const after = await identity.mint({ sub: 'user-1', iat, jti: uuidV7At(iat * 1000 + 300) });
    const otherUser = await identity.mint({ sub: 'user-2', iat, jti: uuidV7At(iat * 1000 + 100) });
    await verifier.verify(before);
    applyRevocation(revocations, event('user', 'user-1', iat * 1000 + 200));
    const err = await rejection(verifier.verify(before));
    expect([err.status, err.code]).toEqual([401, 'token_revoked']);
    await expect(verifier.verify(after)).resolves.toMatchObject({ id: 'user-1' });
    await expect(verifier.verify(otherUser)).resolves.toMatchObject({ id: 'user-2' });
  });

  it('membership: older tokens of the member lose that org (and it as active org), keep the others', async () => {
    const { revocations, verifier } = setup();
    const iat = Math.floor(Date.now() / 1000);
    const token = await identity.mint({
      sub: 'user-1',
      org: 'org-a',
      orgs: [
        { id: 'org-a', role: 'admin' },
        { id: 'org-b', role: 'member' },
      ],
      iat,
      jti: uuidV7At(iat * 1000 + 10),
    });
    expect((await verifier.verify(token)).orgs.map((o) => o.id)).toEqual(['org-a', 'org-b']);
    applyRevocation(revocations, event('membership', 'user-1', iat * 1000 + 20, 'org-a'));
    const principal = await verifier.verify(token);
    expect(principal.orgs).toEqual([{ id: 'org-b', role: 'member' }]);
    expect(principal.orgId).toBeNull();
    expect(Object.isFrozen(principal)).toBe(true);
  });

  it('api_key and user events mark cached API-key principals of that key or creator as changed', () => {
    const revocations = createRevocationList();
    const at = Date.now();
    const key = { id: 'user-1', apiKeyId: 'key-1' } as Parameters<typeof revocations.changedSince>[0];
    expect(revocations.changedSince(key, at - 1000)).toBe(false);
    applyRevocation(revocations, event('api_key', 'key-1', at));
    expect(revocations.changedSince(key, at - 1000)).toBe(true);
    expect(revocations.changedSince(key, at + 1)).toBe(false);
    applyRevocation(revocations, event('user', 'user-9', at));
    expect(revocations.changedSince({ ...key, id: 'user-9', apiKeyId: 'key-2' }, at - 1)).toBe(true);
  });

  it('forgets entries once their credentials expired', () => {
    const revocations = createRevocationList();
    const past = Date.now() - 1_000_000;
    applyRevocation(revocations, { ...event('user', 'user-1', past), expiresAt: iso(past + 1000) });
    expect(revocations.size()).toBe(0);
  });
});

describe('parseRevocationEvent', () => {
  it('accepts the feed shape and refuses anything else', () => {
    const ok = event('membership', 'user-1', Date.now(), 'org-a');
    expect(parseRevocationEvent(ok)).toEqual(ok);
    for (const bad of [
      null,
      'x',
      { ...ok, kind: 'role' },
      { ...ok, cursor: '-1' },
      { ...ok, orgId: null },
      { ...event('user', 'u', 0), orgId: 'o' },
      { ...ok, at: 'yesterday' },
      { ...ok, subjectId: '' },
    ]) {
      expect(parseRevocationEvent(bad)).toBeNull();
    }
  });
});

describe('issuedAtMsOf', () => {
  it('uses the UUIDv7 jti millisecond when it lies in the iat second, else the start of that second', () => {
    expect(issuedAtMsOf(1_700_000_000, uuidV7At(1_700_000_000_250))).toBe(1_700_000_000_250);
    expect(issuedAtMsOf(1_700_000_000, uuidV7At(1_600_000_000_000))).toBe(1_700_000_000_000);
    expect(issuedAtMsOf(1_700_000_000, 'not-a-uuid')).toBe(1_700_000_000_000);
  });
});

describe('createSseParser', () => {
  it('splits events across chunks and line ends, skips comments, joins multi-line data', () => {
    const seen: SseEvent[] = [];
    const parser = createSseParser((e) => seen.push(e));
    for (const chunk of [
      ': connected\n\nid: 1\nevent: revo',
      'cation\r\ndata: {"a":\r',
      '\ndata: 1}\n\n',
      'event: caught-up\ndata: {}\n\n',
    ])
      parser.push(chunk);
    expect(seen).toEqual([
      { event: 'revocation', data: '{"a":\n1}', id: '1' },
      { event: 'caught-up', data: '{}', id: '1' },
    ]);
  });
});
