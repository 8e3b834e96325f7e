import { base64url, SignJWT } from 'jose';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { rejection } from './support/app-error-rejection.js';
import { createJwtVerifier, createRevocationList, type JwtVerifierOptions } from '../src/index.js';
import { AUDIENCE, createSigningKey, ISSUER, TestIdentity } from './support/test-identity.js';

let identity: TestIdentity;

beforeEach(async () => {
  identity = await TestIdentity.start();
});
afterEach(async () => {
  await identity.close();
});

const verifierFor = (overrides: Partial<JwtVerifierOptions> = {}) =>
  createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE, ...overrides });

async function expectStatus(promise: Promise<unknown>, status: number, code?: string): Promise<void> {
  const err = await rejection(promise);
  expect(err.status).toBe(status);
  if (code !== undefined) expect(err.code).toBe(code);
}

describe('createJwtVerifier', () => {
  it('turns a valid EdDSA token into a frozen principal', async () => {
    const token = await identity.mint({
      sub: 'user-42',
      sid: 'sid-1',
      ent: ['cap:catalog.read'],
      roles: ['role:publisher'],
    });
    const principal = await verifierFor().verify(token);
    expect(principal).toMatchObject({
      type: 'user',
      id: 'user-42',
      orgId: 'org-a',
      orgs: [{ id: 'org-a', role: 'member' }],
      entitlements: ['cap:catalog.read'],
      roles: ['role:publisher'],
      isSuperAdmin: false,
      sessionId: 'sid-1',
      via: 'jwt',
      name: 'Ada',
      email: 'ada@example.test',
    });
    expect(Object.isFrozen(principal)).toBe(true);
    expect(Object.isFrozen(principal.entitlements)).toBe(true);
  });

  it('maps service tokens to service principals', async () => {
    const principal = await verifierFor().verify(await identity.mintServiceToken('messaging'));
    expect(principal).toMatchObject({
      type: 'service',
      id: 'messaging',
      serviceId: 'messaging',
      sessionId: null,
      orgId: null,
    });
  });

  it('rejects an expired token', async () => {
    const now = Math.floor(Date.now() / 1000);
    const token = await identity.mint({ iat: now - 1000, exp: now - 60 });
    await expectStatus(verifierFor().verify(token), 401, 'invalid_token');
  });

  it('accepts a token expired by less than the clock tolerance, but not beyond', async () => {
    const now = Math.floor(Date.now() / 1000);
    const verifier = verifierFor();
    await expect(verifier.verify(await identity.mint({ iat: now - 900, exp: now - 2 }))).resolves.toMatchObject({
      id: 'user-1',
    });
    await expectStatus(verifier.verify(await identity.mint({ iat: now - 900, exp: now - 10 })), 401);
  });

  it('rejects a token without exp', async () => {
    await expectStatus(verifierFor().verify(await identity.mint({ exp: undefined })), 401, 'invalid_token');
  });

  it('rejects a wrong issuer', async () => {
    await expectStatus(verifierFor().verify(await identity.mint({ iss: 'https://evil.test' })), 401, 'invalid_token');
  });

  it('rejects a wrong audience', async () => {
    await expectStatus(verifierFor().verify(await identity.mint({ aud: 'another-platform' })), 401, 'invalid_token');
  });

  it('rejects tokens whose claims break the contract', async () => {
    const verifier = verifierFor();
    await expectStatus(verifier.verify(await identity.mint({ typ: 'admin' })), 401, 'invalid_token');
    await expectStatus(verifier.verify(await identity.mint({ typ: 'service', svc: undefined })), 401, 'invalid_token');
    await expectStatus(verifier.verify(await identity.mint({ ent: 'cap:everything' })), 401, 'invalid_token');
  });

  it('rejects a token signed by a key identity does not publish, even with a known kid', async () => {
    const impostor = await createSigningKey(identity.signingKey.kid);
    await expectStatus(verifierFor().verify(await identity.mint({}, impostor)), 401, 'invalid_token');
  });

  it('refetches the JWKS once for an unknown kid and accepts tokens after a key rotation', async () => {
    const verifier = verifierFor();
    await verifier.verify(await identity.mint());
    expect(identity.requests.jwks).toBe(1);

    const rotated = await createSigningKey();
    identity.published = [identity.signingKey, rotated];
    const principal = await verifier.verify(await identity.mint({ sub: 'user-rotated' }, rotated));
    expect(principal.id).toBe('user-rotated');
    expect(identity.requests.jwks).toBe(2);
  });

  it('does not refetch the JWKS for every garbage kid (cooldown)', async () => {
    let now = Date.now();
    const verifier = verifierFor({ clock: () => now });
    await verifier.verify(await identity.mint());
    expect(identity.requests.jwks).toBe(1);

    const stranger = await createSigningKey('garbage');
    const bad = await identity.mint({}, stranger);
    // The first unknown kid may be a freshly rotated key: one refetch. The next 49 inside the cooldown must not fetch.
    for (let i = 0; i < 50; i += 1) await expectStatus(verifier.verify(bad), 401, 'invalid_token');
    expect(identity.requests.jwks).toBe(2);

    now += 31_000;
    await expectStatus(verifier.verify(bad), 401);
    expect(identity.requests.jwks).toBe(3);
  });

  it('concurrent verifications with an unknown kid share one JWKS request', async () => {
    const verifier = verifierFor();
    const tokens = await Promise.all(Array.from({ length: 20 }, (_, i) => identity.mint({ sub: `u-${i}` })));
    await Promise.all(tokens.map((t) => verifier.verify(t)));
    expect(identity.requests.jwks).toBe(1);
  });

  it('rejects alg "none" without fetching keys', async () => {
    const header = base64url.encode(JSON.stringify({ alg: 'none', kid: identity.signingKey.kid, typ: 'JWT' }));
    const valid = await identity.mint();
    const payload = valid.split('.')[1]!;
    await expectStatus(verifierFor().verify(`${header}.${payload}.`), 401, 'invalid_token');
    expect(identity.requests.jwks).toBe(0);
  });

  it('rejects HS256 tokens signed with the Ed25519 public key (algorithm confusion)', async () => {
    const verifier = verifierFor();
    await verifier.verify(await identity.mint()); // keys are now cached: a confused verifier would have them
    const payload = {
      sub: 'attacker',
      typ: 'user',
      sa: true,
      iss: ISSUER,
      aud: AUDIENCE,
      iat: Math.floor(Date.now() / 1000),
      exp: Math.floor(Date.now() / 1000) + 600,
      jti: 'x',
    };
    const rawPublicKey = base64url.decode(identity.signingKey.publicJwk.x!);
    const jwkAsSecret = new TextEncoder().encode(JSON.stringify(identity.signingKey.publicJwk));
    for (const secret of [rawPublicKey, jwkAsSecret]) {
      const forged = await new SignJWT(payload)
        .setProtectedHeader({ alg: 'HS256', kid: identity.signingKey.kid })
        .sign(secret);
      await expectStatus(verifier.verify(forged), 401, 'invalid_token');
    }
  });

  it('rejects garbage strings', async () => {
    const verifier = verifierFor();
    for (const bad of ['', 'abc', 'a.b', 'a.b.c.d', 'x'.repeat(9000)])
      await expectStatus(verifier.verify(bad), 401, 'invalid_token');
    expect(identity.requests.jwks).toBe(0);
  });

  it('serves a second verify of the same token from the cache: no JWKS request, same principal object', async () => {
    const verifier = verifierFor();
    const token = await identity.mint();
    const first = await verifier.verify(token);
    identity.published = []; // a full verification would now fail
    const second = await verifier.verify(token);
    expect(second).toBe(first);
    expect(identity.requests.jwks).toBe(1);
  });

  it('stops serving a cached token once it expires', async () => {
    let now = Date.now();
    const verifier = verifierFor({ clock: () => now });
    const iat = Math.floor(now / 1000);
    const token = await identity.mint({ iat, exp: iat + 60 });
    await verifier.verify(token);
    now += 61_000 + 5_000; // past exp and past the clock tolerance
    await expectStatus(verifier.verify(token), 401, 'invalid_token');
  });

  it('rejects a token whose session is revoked, including after it was cached', async () => {
    const revocations = createRevocationList();
    const verifier = verifierFor({ revocations });
    const cachedToken = await identity.mint({ sid: 'sid-cached' });
    await verifier.verify(cachedToken);
    revocations.revoke('sid-cached', Math.floor(Date.now() / 1000) + 900);
    await expectStatus(verifier.verify(cachedToken), 401, 'token_revoked');

    const freshToken = await identity.mint({ sid: 'sid-fresh' });
    revocations.ingest({
      type: 'identity.session.revoked',
      data: { sid: 'sid-fresh', exp: Math.floor(Date.now() / 1000) + 900 },
    });
    await expectStatus(verifier.verify(freshToken), 401, 'token_revoked');
    await expect(verifier.verify(await identity.mint({ sid: 'sid-other' }))).resolves.toMatchObject({
      sessionId: 'sid-other',
    });
  });

  it('answers 503 (not 401) when identity keys cannot be fetched at all', async () => {
    identity.failWith = 500;
    await expectStatus(verifierFor().verify(await identity.mint()), 503, 'dependency_unavailable');
  });

  it('keeps verifying with known keys when a background refresh fails', async () => {
    let now = Date.now();
    const verifier = verifierFor({ clock: () => now });
    await verifier.verify(await identity.mint());
    identity.failWith = 500;
    now += 11 * 60_000; // keys are stale: a background refresh is attempted and fails
    await expect(
      verifier.verify(await identity.mint({ iat: Math.floor(now / 1000), exp: Math.floor(now / 1000) + 900 })),
    ).resolves.toBeTruthy();
    await vi.waitFor(() => expect(identity.requests.jwks).toBe(2));
  });

  it('evicts the least recently used entries beyond cacheSize', async () => {
    const verifier = verifierFor({ cacheSize: 2 });
    const [a, b, c] = await Promise.all([
      identity.mint({ sub: 'a' }),
      identity.mint({ sub: 'b' }),
      identity.mint({ sub: 'c' }),
    ]);
    const first = await verifier.verify(a!);
    await verifier.verify(b!);
    await verifier.verify(c!); // evicts a
    expect(await verifier.verify(a!)).not.toBe(first);
  });
});
