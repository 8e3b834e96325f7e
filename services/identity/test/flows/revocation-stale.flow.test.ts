import {
  createApiKeyIntrospector,
  createJwtVerifier,
  createRevocationFeedFollower,
  type Principal,
} from '@symbia/auth';
import { AppError } from '@symbia/kit/errors';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_AUDIENCE } from '../../src/config.js';
import { registerUser, serviceSession, startIdentity, type Harness } from '../helpers/identity-harness.js';

/**
 * DESIGN §6: a service that cannot reach the revocation feed for longer than `staleAfterMs` stops trusting its
 * caches. Identity is real; the follower's transport refuses only the feed's stream, so the verifier can still
 * ask identity (POST /api/auth/introspect) while the feed is out of reach.
 */
let h: Harness;
let identityUrl: string;
beforeAll(async () => {
  h = await startIdentity();
  identityUrl = await h.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(() => h.close());

const feedUnreachable: typeof fetch = async (input, init) => {
  if (String(input).includes('/api/internal/revocations')) throw new TypeError('fetch failed (feed unreachable)');
  return fetch(input, init);
};

const setup = () => {
  const getServiceToken = async () => (await serviceSession(h.app, 'catalog')).token;
  const follower = createRevocationFeedFollower({
    identityUrl,
    getServiceToken,
    fetch: feedUnreachable,
    staleAfterMs: 0,
    confirmTtlMs: 0,
    maxBackoffMs: 1_000,
  });
  const verifier = createJwtVerifier({
    jwksUrl: `${identityUrl}/.well-known/jwks.json`,
    issuer: 'http://identity.test',
    audience: TOKEN_AUDIENCE,
    revocations: follower.revocations,
    feed: follower,
  });
  const apiKeys = createApiKeyIntrospector({
    identityUrl,
    getServiceToken,
    revocations: follower.revocations,
    feed: follower,
  });
  return { follower, verifier, apiKeys };
};

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('a verifier whose revocation feed is out of reach', () => {
  it('asks identity: a removed member loses the org, a logged-out token is refused with token_revoked', async () => {
    const { follower, verifier } = setup();
    try {
      await new Promise((r) => setTimeout(r, 5));
      expect(follower.isStale()).toBe(true);
      const owner = await registerUser(h.app, { orgName: 'Stale Co' });
      const orgId = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: owner.headers })).json()
        .organizations[0].id as string;
      const member = await registerUser(h.app);
      const membership = (
        await h.app.inject({
          method: 'POST',
          url: `/api/orgs/${orgId}/members/invite`,
          headers: owner.headers,
          payload: { email: member.email, role: 'member' },
        })
      ).json();
      const memberToken = (
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          payload: { email: member.email, password: member.password },
        })
      ).json().token as string;
      const before: Principal = await verifier.verify(memberToken);
      expect(before.orgs.map((o) => o.id)).toEqual([orgId]);

      expect(
        (
          await h.app.inject({
            method: 'DELETE',
            url: `/api/orgs/${orgId}/members/${membership.id}`,
            headers: owner.headers,
          })
        ).statusCode,
      ).toBe(200);
      const after = await verifier.verify(memberToken);
      expect(after.orgs).toEqual([]);
      expect(after.orgId).toBeNull();

      await verifier.verify(owner.token);
      expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: owner.headers })).statusCode).toBe(
        200,
      );
      const err = await refusal(verifier.verify(owner.token));
      expect([err.status, err.code]).toEqual([401, 'token_revoked']);
    } finally {
      await follower.close();
    }
  });

  it('does not reuse a cached positive API-key answer: a revoked key is refused on its next use', async () => {
    const { follower, apiKeys } = setup();
    try {
      const owner = await registerUser(h.app);
      const created = (
        await h.app.inject({ method: 'POST', url: '/api/api-keys', headers: owner.headers, payload: { name: 'stale' } })
      ).json();
      await expect(apiKeys.verify(created.key)).resolves.toMatchObject({ apiKeyId: created.id });
      expect(
        (await h.app.inject({ method: 'POST', url: `/api/api-keys/${created.id}/revoke`, headers: owner.headers }))
          .statusCode,
      ).toBe(200);
      const err = await refusal(apiKeys.verify(created.key));
      expect([err.status, err.code]).toEqual([401, 'invalid_api_key']);
    } finally {
      await follower.close();
    }
  });
});
