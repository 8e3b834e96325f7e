import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCredentialAuthenticator, createJwtVerifier, type CredentialAuthenticator } from '../../src/index.js';
import { AUDIENCE, ISSUER, TestIdentity } from '../support/test-identity.js';

let identity: TestIdentity;
let authenticator: CredentialAuthenticator;

beforeAll(async () => {
  identity = await TestIdentity.start();
  authenticator = createCredentialAuthenticator({
    verifier: createJwtVerifier({ jwksUrl: identity.jwksUrl, issuer: ISSUER, audience: AUDIENCE }),
    cookieName: 'symbia_access',
  });
});
afterAll(async () => {
  await identity.close();
});

describe('createCredentialAuthenticator (no Fastify, e.g. a socket handshake)', () => {
  it('resolves a principal from plain headers, with a configurable cookie name', async () => {
    const token = await identity.mint({ sub: 'socket-user' });
    expect(await authenticator.authenticate({ authorization: `Bearer ${token}` })).toMatchObject({ id: 'socket-user' });
    expect(await authenticator.authenticate({ cookie: `symbia_access=${token}` })).toMatchObject({ id: 'socket-user' });
    expect(await authenticator.authenticate({ cookie: `token=${token}` })).toBeNull();
    expect(await authenticator.authenticate({})).toBeNull();
  });

  it('rejects a presented but invalid credential', async () => {
    await expect(authenticator.authenticate({ authorization: 'Bearer a.b.c' })).rejects.toMatchObject({ status: 401 });
    await expect(authenticator.authenticate({ 'x-api-key': `sk_${'1'.repeat(64)}` })).rejects.toMatchObject({
      status: 401,
      code: 'invalid_api_key',
    });
  });
});
