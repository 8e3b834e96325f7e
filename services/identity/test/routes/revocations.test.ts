import { refusalOf } from '@symbia/testing';
import { createRevocationFeedFollower, type RevocationEvent } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  fieldsOf,
  login,
  registerUser,
  serviceSession,
  startIdentity,
  type Harness,
} from '../helpers/identity-harness.js';

let h: Harness;
let service: { headers: { authorization: string } };
beforeAll(async () => {
  h = await startIdentity();
  service = await serviceSession(h.app, 'catalog');
});
afterAll(() => h.close());

const page = (app: ServiceApp, query: string, headers: Record<string, string> = service.headers) =>
  app.inject({ method: 'GET', url: `/api/internal/revocations${query}`, headers });

describe('GET /api/internal/revocations', () => {
  it('lists a logout as a session revocation after the cursor, and nothing after the returned cursor', async () => {
    const start = (await page(h.app, '')).json().cursor as string;
    const user = await registerUser(h.app);
    const sid = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: user.headers })).statusCode;
    expect(sid).toBe(200);
    expect((await h.app.inject({ method: 'POST', url: '/api/auth/logout', headers: user.headers })).statusCode).toBe(
      200,
    );
    const res = await page(h.app, `?after=${start}`);
    expect(res.statusCode).toBe(200);
    const { events, cursor } = res.json() as { events: RevocationEvent[]; cursor: string };
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'session', orgId: null });
    expect(Date.parse(events[0]!.expiresAt)).toBeGreaterThan(Date.parse(events[0]!.at));
    expect(cursor).toBe(events[0]!.cursor);
    expect((await page(h.app, `?after=${cursor}`)).json()).toEqual({ events: [], cursor });
  });

  it('records membership removal and role change for the member, and API-key revocation for the key', async () => {
    const start = (await page(h.app, '')).json().cursor as string;
    const admin = await registerUser(h.app, { orgName: 'Feed Co' });
    const orgId = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: admin.headers })).json()
      .organizations[0].id as string;
    const member = await registerUser(h.app);
    const membership = (
      await h.app.inject({
        method: 'POST',
        url: `/api/orgs/${orgId}/members/invite`,
        headers: admin.headers,
        payload: { email: member.email, role: 'member' },
      })
    ).json();
    expect(
      (
        await h.app.inject({
          method: 'PATCH',
          url: `/api/orgs/${orgId}/members/${membership.id}`,
          headers: admin.headers,
          payload: { role: 'viewer' },
        })
      ).statusCode,
    ).toBe(200);
    expect(
      (
        await h.app.inject({
          method: 'DELETE',
          url: `/api/orgs/${orgId}/members/${membership.id}`,
          headers: admin.headers,
        })
      ).statusCode,
    ).toBe(200);
    const key = (
      await h.app.inject({ method: 'POST', url: '/api/api-keys', headers: admin.headers, payload: { name: 'k' } })
    ).json();
    expect(
      (await h.app.inject({ method: 'POST', url: `/api/api-keys/${key.id}/revoke`, headers: admin.headers }))
        .statusCode,
    ).toBe(200);
    const events = (await page(h.app, `?after=${start}`)).json().events as RevocationEvent[];
    expect(events.map((e) => [e.kind, e.subjectId, e.orgId])).toEqual([
      ['user', member.id, null],
      ['membership', member.id, orgId],
      ['api_key', key.id, null],
    ]);
  });

  it("records a change of the super-admin flag for that user and an org's deletion as membership removals of its members", async () => {
    const root = await h.rebuild({ SYMBIA_ADMIN_EMAIL: 'root@feed.test', SYMBIA_ADMIN_PASSWORD: 'root password 1' });
    const rootSession = await login(root, 'root@feed.test', 'root password 1');
    const start = (await page(h.app, '')).json().cursor as string;
    const promoted = await registerUser(h.app);
    expect(
      (
        await root.inject({
          method: 'PATCH',
          url: `/api/admin/users/${promoted.id}`,
          headers: rootSession.headers,
          payload: { isSuperAdmin: true },
        })
      ).statusCode,
    ).toBe(200);
    const owner = await registerUser(h.app, { orgName: 'Doomed Co' });
    const orgId = (await h.app.inject({ method: 'GET', url: '/api/auth/me', headers: owner.headers })).json()
      .organizations[0].id as string;
    expect(
      (await root.inject({ method: 'DELETE', url: `/api/admin/orgs/${orgId}`, headers: rootSession.headers }))
        .statusCode,
    ).toBe(200);
    const events = (await page(h.app, `?after=${start}`)).json().events as RevocationEvent[];
    expect(events.map((e) => [e.kind, e.subjectId, e.orgId])).toEqual([
      ['user', promoted.id, null],
      ['membership', owner.id, orgId],
    ]);
  });

  it('refuses anonymous callers (401) and users (403)', async () => {
    const anonymous = await page(h.app, '', {});
    expect(refusalOf(anonymous)).toEqual({ status: 401, code: 'authentication_required' });
    expect(anonymous.json().code).toBe('authentication_required');
    const user = await registerUser(h.app);
    const refused = await page(h.app, '', user.headers);
    expect(refusalOf(refused)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(refused.json().code).toBe('insufficient_permissions');
    const stream = await h.app.inject({
      method: 'GET',
      url: '/api/internal/revocations/stream',
      headers: user.headers,
    });
    expect(refusalOf(stream)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(stream.json().code).toBe('insufficient_permissions');
  });

  it('refuses malformed cursors with a 400 naming the field', async () => {
    for (const after of ['abc', '-1', '1.5', '99999999999999999999', '9223372036854775808']) {
      const res = await page(h.app, `?after=${after}`);
      expect(refusalOf(res), after).toEqual({ status: 400, code: 'validation_failed' });
      expect(res.json().code).toBe('validation_failed');
      expect(fieldsOf(res)).toContain('querystring.after');
    }
    const stream = await h.app.inject({
      method: 'GET',
      url: '/api/internal/revocations/stream',
      headers: { ...service.headers, 'last-event-id': 'x1' },
    });
    expect(refusalOf(stream)).toEqual({ status: 400, code: 'validation_failed' });
    expect(stream.json().code).toBe('validation_failed');
  });
});

describe('GET /api/internal/revocations/stream', () => {
  it('streams the backlog and then live rows committed by another replica (LISTEN/NOTIFY), and a follower resumes after a cut', async () => {
    const replica = await h.rebuild();
    const address = await h.app.listen({ port: 0, host: '127.0.0.1' });
    let cut: AbortController | null = null;
    let offline = false;
    // The follower's transport, so the test can cut its stream and keep it away from identity for a while.
    const fetchVia: typeof fetch = async (input, init) => {
      if (offline) throw new TypeError('fetch failed (offline)');
      cut = new AbortController();
      const signal = init?.signal ? AbortSignal.any([init.signal, cut.signal]) : cut.signal;
      return fetch(input, { ...init, signal });
    };
    const follower = createRevocationFeedFollower({
      identityUrl: address,
      getServiceToken: async () => (await serviceSession(h.app, 'messaging')).token,
      fetch: fetchVia,
      initialBackoffMs: 20,
      maxBackoffMs: 100,
      staleAfterMs: 50,
    });
    try {
      const first = await registerUser(replica);
      await replica.inject({ method: 'POST', url: '/api/auth/logout', headers: first.headers });
      await follower.ready();
      const early = (await page(h.app, '')).json().cursor as string;
      await until(() => follower.cursor === early);

      // Live: revoked on the other replica, seen through this one's stream.
      const live = await registerUser(h.app);
      const seen = new Promise<RevocationEvent>((resolve) => follower.onRevocation(resolve));
      await replica.inject({ method: 'POST', url: '/api/auth/logout', headers: live.headers });
      const event = await seen;
      expect(event.kind).toBe('session');
      expect(follower.revocations.isRevoked(event.subjectId)).toBe(true);

      // Catch-up: the stream is cut, a revocation happens meanwhile, and the follower applies it on reconnect.
      offline = true;
      (cut as AbortController | null)?.abort();
      await until(() => follower.isStale());
      const missed = await registerUser(h.app);
      await replica.inject({ method: 'POST', url: '/api/auth/logout', headers: missed.headers });
      const missedEvent = ((await page(h.app, `?after=${event.cursor}`)).json().events as RevocationEvent[])[0]!;
      expect(follower.revocations.isRevoked(missedEvent.subjectId)).toBe(false);
      offline = false;
      await until(() => follower.revocations.isRevoked(missedEvent.subjectId));
      await until(() => !follower.isStale());
      expect(follower.cursor).toBe(missedEvent.cursor);
    } finally {
      await follower.close();
      await replica.close();
    }
  });
});

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 500 && !condition(); i++) await new Promise((r) => setTimeout(r, 20));
  expect(condition()).toBe(true);
}
