import { refusalOf } from '@symbia/testing';
import { randomUUID } from 'node:crypto';
import { signServiceTokenRequest } from '@symbia/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';

let h: Harness;
let ad: OrgUser; // admin of O1 with cap:messaging.admin
let member: OrgUser; // member of O1, no admin rights
let foreignAdmin: OrgUser; // admin of O2 with cap:messaging.admin: never sees O1
let conversationId: string;

type Method = 'GET' | 'POST' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: unknown) =>
  h.app.inject({
    method,
    url,
    headers: who?.headers ?? {},
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });

beforeAll(async () => {
  h = await startMessaging();
  const u1 = await h.registerOrgUser('O1');
  ad = await h.grant(u1, 'cap:messaging.admin');
  member = await h.addMember(ad, ad.orgId, await h.registerOrgUser('member home'));
  foreignAdmin = await h.grant(await h.registerOrgUser('O2'), 'cap:messaging.admin');
  const res = await req('POST', '/api/conversations', member, {
    type: 'group',
    name: 'Support',
    orgId: ad.orgId,
    metadata: { channel: { type: 'telegram', connectionId: 'c1', chatId: '9' } },
  });
  conversationId = res.json().id;
  await req('POST', `/api/conversations/${conversationId}/messages`, member, { content: 'hello' });
  await req('POST', '/api/conversations', foreignAdmin, { type: 'group', name: 'Elsewhere' });
});
afterAll(() => h?.close());

describe('GET /api/admin/conversations', () => {
  it('pages the conversations of the orgs the caller administers (scenario 19)', async () => {
    const res = await req('GET', '/api/admin/conversations?limit=1', ad);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ total: 1, limit: 1, offset: 0 });
    expect(res.json().conversations.map((c: { id: string }) => c.id)).toEqual([conversationId]);
    const foreign = (await req('GET', '/api/admin/conversations', foreignAdmin)).json();
    expect(foreign.conversations.map((c: { id: string }) => c.id)).not.toContain(conversationId);
  });

  it('answers 401, 403 Admin access required, 403 for another org filter, 400 naming bad fields', async () => {
    expect(refusalOf(await req('GET', '/api/admin/conversations'))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    const denied = await req('GET', '/api/admin/conversations', member);
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'admin_required' });
    expect(denied.json().error).toBe('Admin access required');
    expect(refusalOf(await req('GET', `/api/admin/conversations?orgId=${ad.orgId}`, foreignAdmin))).toEqual({
      status: 403,
      code: 'not_org_member',
    });
    expect(fieldsOf(await req('GET', '/api/admin/conversations?type=x', ad))).toEqual(['querystring.type']);
  });
});

describe('admin entitlement granted through identity', () => {
  const identity = (method: 'POST' | 'DELETE', path: string, body?: unknown) =>
    fetch(`${h.identityUrl}${path}`, {
      method,
      headers: { ...h.admin.headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });

  it("opens the admin endpoints to a user granted cap:messaging.admin by identity's admin endpoint, and closes them when revoked", async () => {
    // An org admin of their own org, without any messaging admin right: refused.
    let owner = await h.registerOrgUser('Grantee Co');
    const own = (await req('POST', '/api/conversations', owner, { type: 'group', name: 'Own' })).json().id as string;
    const before = await req('GET', '/api/admin/conversations', owner);
    expect(refusalOf(before)).toEqual({ status: 403, code: 'admin_required' });
    expect(before.json()).toMatchObject({ error: 'Admin access required', code: 'admin_required' });
    expect(refusalOf(await req('GET', '/api/admin/stats', owner))).toEqual({ status: 403, code: 'admin_required' });

    const granted = await identity('POST', `/api/admin/users/${owner.id}/entitlements`, {
      entitlementKey: 'cap:messaging.admin',
    });
    expect(granted.status).toBe(200);
    expect(await granted.json()).toMatchObject({ grantKey: 'cap:messaging.admin' });
    owner = await h.relogin(owner);
    const listed = await req('GET', '/api/admin/conversations', owner);
    expect(listed.statusCode, listed.body).toBe(200);
    expect(listed.json().conversations.map((c: { id: string }) => c.id)).toEqual([own]);
    expect((await req('GET', `/api/admin/stats?orgId=${owner.orgId}`, owner)).json()).toMatchObject({
      totalConversations: 1,
    });
    // The grant opens the admin endpoints, not other tenants: O1's conversation stays out of reach.
    expect(refusalOf(await req('GET', `/api/admin/conversations/${conversationId}`, owner))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });

    expect(
      (
        await identity(
          'DELETE',
          `/api/admin/users/${owner.id}/entitlements/${encodeURIComponent('cap:messaging.admin')}`,
        )
      ).status,
    ).toBe(200);
    owner = await h.relogin(owner);
    expect(refusalOf(await req('GET', '/api/admin/conversations', owner))).toEqual({
      status: 403,
      code: 'admin_required',
    });
  });

  it('also opens them to a user given the role:admin role by identity', async () => {
    let user = await h.registerOrgUser('Role Co');
    expect(refusalOf(await req('GET', '/api/admin/stats', user))).toEqual({ status: 403, code: 'admin_required' });
    expect((await identity('POST', `/api/admin/users/${user.id}/roles`, { roleKey: 'role:admin' })).status).toBe(200);
    user = await h.relogin(user);
    expect((await req('GET', '/api/admin/stats', user)).statusCode).toBe(200);
  });
});

describe('GET/DELETE /api/admin/conversations/:id', () => {
  it('shows participants and recent messages; another org answers 404', async () => {
    const res = await req('GET', `/api/admin/conversations/${conversationId}`, ad);
    expect(res.statusCode).toBe(200);
    expect(res.json().recentMessages.map((m: { content: string }) => m.content)).toEqual(['hello']);
    expect(refusalOf(await req('GET', `/api/admin/conversations/${conversationId}`, foreignAdmin))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('GET', `/api/admin/conversations/${conversationId}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('GET', '/api/admin/conversations/x', ad))).toEqual(['params.id']);
  });

  it('deletes (softly) only within the administered orgs', async () => {
    const doomed = (
      await req('POST', '/api/conversations', member, { type: 'group', name: 'Doomed', orgId: ad.orgId })
    ).json().id;
    expect(refusalOf(await req('DELETE', `/api/admin/conversations/${doomed}`, foreignAdmin))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
    expect(refusalOf(await req('DELETE', `/api/admin/conversations/${doomed}`, member))).toEqual({
      status: 403,
      code: 'admin_required',
    });
    expect(refusalOf(await req('DELETE', `/api/admin/conversations/${doomed}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect((await req('DELETE', `/api/admin/conversations/${doomed}`, ad)).statusCode).toBe(204);
    expect(refusalOf(await req('GET', `/api/admin/conversations/${doomed}`, ad))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
  });
});

describe('/api/admin/conversations/:id/participants', () => {
  it('adds with any valid role (an existing participant gets the role) and removes even the owner', async () => {
    const added = await req('POST', `/api/admin/conversations/${conversationId}/participants`, ad, {
      userId: 'assistant:support',
      role: 'admin',
    });
    expect(added.statusCode).toBe(201);
    expect(added.json()).toMatchObject({ user_type: 'agent', role: 'admin' });
    const promoted = await req('POST', `/api/admin/conversations/${conversationId}/participants`, ad, {
      userId: 'assistant:support',
      role: 'owner',
    });
    expect(promoted.json().role).toBe('owner');
    expect(
      (await req('DELETE', `/api/admin/conversations/${conversationId}/participants/assistant:support`, ad)).statusCode,
    ).toBe(204);
    expect(
      refusalOf(await req('DELETE', `/api/admin/conversations/${conversationId}/participants/assistant:support`, ad)),
    ).toEqual({ status: 404, code: 'participant_not_found' });
  });

  it('validates the role (W9) and guards the org', async () => {
    expect(
      fieldsOf(
        await req('POST', `/api/admin/conversations/${conversationId}/participants`, ad, { userId: 'x', role: 'king' }),
      ),
    ).toEqual(['body.role']);
    expect(fieldsOf(await req('POST', `/api/admin/conversations/${conversationId}/participants`, ad, {}))).toEqual([
      'body.userId',
    ]);
    expect(
      refusalOf(
        await req('POST', `/api/admin/conversations/${conversationId}/participants`, foreignAdmin, {
          userId: foreignAdmin.id,
        }),
      ),
    ).toEqual({ status: 404, code: 'conversation_not_found' });
    expect(
      refusalOf(
        await req('DELETE', `/api/admin/conversations/${conversationId}/participants/${member.id}`, foreignAdmin),
      ),
    ).toEqual({ status: 404, code: 'conversation_not_found' });
    expect(
      refusalOf(await req('POST', `/api/admin/conversations/${conversationId}/participants`, member, { userId: 'x' })),
    ).toEqual({ status: 403, code: 'admin_required' });
    expect(
      refusalOf(await req('POST', `/api/admin/conversations/${randomUUID()}/participants`, undefined, { userId: 'x' })),
    ).toEqual({ status: 401, code: 'authentication_required' });
  });
});

describe('GET /api/admin/users/:userId/conversations and /api/admin/stats', () => {
  it('lists a user conversations within the administered orgs only (W15)', async () => {
    expect(
      (await req('GET', `/api/admin/users/${member.id}/conversations`, ad)).json().map((c: { id: string }) => c.id),
    ).toContain(conversationId);
    expect((await req('GET', `/api/admin/users/${member.id}/conversations`, foreignAdmin)).json()).toEqual([]);
    expect(refusalOf(await req('GET', `/api/admin/users/${member.id}/conversations`, member))).toEqual({
      status: 403,
      code: 'admin_required',
    });
    expect(refusalOf(await req('GET', `/api/admin/users/${member.id}/conversations`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('GET', '/api/admin/users/bad%20id/conversations', ad))).toEqual(['params.userId']);
  });

  it('counts within scope', async () => {
    const stats = (await req('GET', `/api/admin/stats?orgId=${ad.orgId}`, ad)).json();
    expect(stats).toMatchObject({ totalConversations: 1, totalMessages: 1, filters: { orgId: ad.orgId, type: null } });
    expect(refusalOf(await req('GET', `/api/admin/stats?orgId=${ad.orgId}`, foreignAdmin))).toEqual({
      status: 403,
      code: 'not_org_member',
    });
    expect(refusalOf(await req('GET', '/api/admin/stats', member))).toEqual({ status: 403, code: 'admin_required' });
    expect(refusalOf(await req('GET', '/api/admin/stats'))).toEqual({ status: 401, code: 'authentication_required' });
    expect(fieldsOf(await req('GET', '/api/admin/stats?type=x', ad))).toEqual(['querystring.type']);
  });
});

describe('GET /api/internal/conversations/by-channel', () => {
  const path = '/api/internal/conversations/by-channel?channelType=telegram&connectionId=c1&chatId=9';
  const serviceToken = async (serviceId: string) => {
    const res = await fetch(`${h.identityUrl}/api/auth/service-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(
        signServiceTokenRequest({ serviceId, secret: h.secrets.INTERNAL_SERVICE_SECRET!, now: Date.now() }),
      ),
    });
    return ((await res.json()) as { token: string }).token;
  };

  it('answers services only (W3): a bare X-Service-Id is 401, a user token 403 (scenario 18)', async () => {
    expect(refusalOf(await h.app.inject({ method: 'GET', url: path }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: path, headers: { 'x-service-id': 'integrations' } })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await req('GET', path, ad))).toEqual({ status: 403, code: 'insufficient_permissions' });
  });

  it('finds the bridged conversation, or says null', async () => {
    const headers = { authorization: `Bearer ${await serviceToken('integrations')}` };
    const found = await h.app.inject({ method: 'GET', url: path, headers });
    expect(found.json()).toMatchObject({ conversationId, conversation: { id: conversationId } });
    expect((await h.app.inject({ method: 'GET', url: path.replace('chatId=9', 'chatId=10'), headers })).json()).toEqual(
      { conversationId: null },
    );
    expect(
      fieldsOf(
        await h.app.inject({
          method: 'GET',
          url: '/api/internal/conversations/by-channel?channelType=telegram&connectionId=c1',
          headers,
        }),
      ),
    ).toEqual(['querystring.chatId']);
  });
});

describe('platform routes', () => {
  it('/api/stats needs a caller and counts only their conversations (W15)', async () => {
    expect(refusalOf(await req('GET', '/api/stats'))).toEqual({ status: 401, code: 'authentication_required' });
    expect((await req('GET', '/api/stats', member)).json()).toMatchObject({ totalConversations: 1, totalMessages: 1 });
    expect((await req('GET', '/api/stats', foreignAdmin)).json()).toMatchObject({
      totalConversations: 1,
      totalMessages: 0,
    });
  });

  it('/api/auth/session, /api/auth/me and /api/auth/config describe the caller', async () => {
    expect((await req('GET', '/api/auth/session')).json()).toEqual({ authenticated: false });
    expect(
      (
        await h.app.inject({ method: 'GET', url: '/api/auth/session', headers: { authorization: 'Bearer x.y.z' } })
      ).json(),
    ).toEqual({ authenticated: false });
    expect((await req('GET', '/api/auth/session', member)).json()).toMatchObject({
      authenticated: true,
      user: { id: member.id, type: 'user' },
    });
    expect(refusalOf(await req('GET', '/api/auth/me'))).toEqual({ status: 401, code: 'authentication_required' });
    expect((await req('GET', '/api/auth/me', ad)).json().organizations).toEqual(
      expect.arrayContaining([{ id: ad.orgId, role: 'admin' }]),
    );
    expect((await req('GET', '/api/auth/config')).json().loginUrl).toBe(`${h.identityUrl}/login`);
    expect((await req('GET', '/symbia-namespace')).json().namespace).toBe('messaging');
    const root = await req('GET', '/');
    expect([root.statusCode, root.headers.location]).toEqual([302, '/docs/llms.txt']);
  });

  it('/api/auth/login forwards to identity, keeping its status and cookies', async () => {
    const bad = await req('POST', '/api/auth/login', undefined, {
      email: member.email,
      password: 'wrong password here',
    });
    expect(refusalOf(bad)).toEqual({ status: 401, code: 'invalid_credentials' });
    const ok = await req('POST', '/api/auth/login', undefined, {
      email: member.email,
      password: 'correct horse battery',
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json().token).toEqual(expect.any(String));
    expect(String(ok.headers['set-cookie'])).toContain('token=');
    expect(
      fieldsOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/login',
          headers: { 'content-type': 'application/json' },
          payload: '[1]',
        }),
      ),
    ).toEqual(['body']);
  });
});
