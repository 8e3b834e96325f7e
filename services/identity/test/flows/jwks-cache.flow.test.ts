import { authPlugin, createJwtVerifier, requireAuth } from '@symbia/auth';
import Fastify from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { registerUser, startIdentity, type Harness } from '../helpers/identity-harness.js';

let h: Harness;
let identityUrl: string;
const identityRequests: string[] = [];

beforeAll(async () => {
  h = await startIdentity({ IDENTITY_ISSUER: 'http://identity.test' });
  h.app.addHook('onRequest', async (request) => {
    identityRequests.push(request.url);
  });
  identityUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => h.close());

it('lets another service verify identity tokens locally: no request reaches identity once the JWKS is cached', async () => {
  const user = await registerUser(h.app);
  const other = Fastify();
  const verifier = createJwtVerifier({
    jwksUrl: `${identityUrl}/.well-known/jwks.json`,
    issuer: 'http://identity.test',
    audience: 'symbia',
  });
  await other.register(authPlugin, { verifier });
  other.get('/api/hello', { preHandler: requireAuth }, async (request) => ({ sub: request.principal?.id }));

  identityRequests.length = 0;
  const first = await other.inject({
    method: 'GET',
    url: '/api/hello',
    headers: { authorization: `Bearer ${user.token}` },
  });
  expect(first.json()).toEqual({ sub: user.id });
  expect(identityRequests).toEqual(['/.well-known/jwks.json']);

  const second = await registerUser(h.app);
  identityRequests.length = 0;
  for (const token of [user.token, second.token, user.token]) {
    const res = await other.inject({ method: 'GET', url: '/api/hello', headers: { authorization: `Bearer ${token}` } });
    expect(res.statusCode).toBe(200);
  }
  expect(identityRequests).toEqual([]);
  await other.close();
});
