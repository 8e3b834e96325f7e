import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';
import { closed, connectSocket, emitAck, record } from '../helpers/socket-client.js';

/**
 * DESIGN §6: `messaging:admin` (`cap:messaging.admin`) acts on a conversation only where the registry lets it:
 * conversations without an org belong to their participants and super admins, an org's conversations to that org's
 * admins; and every access to an org's conversation needs current membership of the org, whatever participant rows say.
 */
let h: Harness;
let owner: OrgUser; // admin of Acme
let acmeAgent: Session; // Acme's agent holding messaging:admin
let tenantAdmin: OrgUser; // admin of Tenant Co holding cap:messaging.admin
let alice: OrgUser;
let bob: OrgUser;
let dm: string; // alice and bob's private conversation, without an org
let acmeGroup: string; // Acme's conversation, owner only
let tenantGroup: string; // Tenant Co's conversation
const open: Socket[] = [];

type Method = 'GET' | 'POST' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: Record<string, unknown>) =>
  h.app.inject({ method, url, headers: who?.headers ?? {}, ...(payload && { payload }) });
const refused = (res: { statusCode: number; body: string; json(): unknown }, status: number, code: string) => {
  expect(res.statusCode, res.body).toBe(status);
  expect((res.json() as { code: string }).code).toBe(code);
};
const created = async (who: Session, payload: Record<string, unknown>) => {
  const res = await req('POST', '/api/conversations', who, payload);
  expect(res.statusCode, res.body).toBe(201);
  return (res.json() as { id: string }).id;
};
const ids = (body: unknown): string[] =>
  ((Array.isArray(body) ? body : (body as { conversations: unknown[] }).conversations) as { id: string }[]).map(
    (c) => c.id,
  );
const identity = async (method: 'POST' | 'DELETE', path: string, who: Session, body?: unknown) => {
  const res = await fetch(`${h.identityUrl}${path}`, {
    method,
    headers: { ...who.headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
};

beforeAll(async () => {
  h = await startMessaging({ listen: true });
  owner = await h.registerOrgUser('Acme');
  acmeAgent = await h.registerAgent('agent:acme-admin', owner.orgId, ['messaging:admin']);
  tenantAdmin = await h.grant(await h.registerOrgUser('Tenant Co'), 'cap:messaging.admin');
  alice = await h.registerOrgUser('Alice home');
  bob = await h.registerOrgUser('Bob home');
  dm = await created(alice, { type: 'private', orgId: null, participants: [{ userId: bob.id }] });
  await req('POST', `/api/conversations/${dm}/messages`, alice, { content: 'just between us' });
  acmeGroup = await created(owner, { type: 'group', name: 'Acme only', orgId: owner.orgId });
  tenantGroup = await created(tenantAdmin, { type: 'group', name: 'Tenant', orgId: tenantAdmin.orgId });
});
afterEach(async () => {
  await Promise.all(open.splice(0).map(closed));
});
afterAll(() => h?.close());

describe('/api/admin/conversations and a holder of messaging:admin', () => {
  it('an org agent or org admin holding it neither lists nor reads, joins, posts into or deletes a conversation without an org', async () => {
    for (const who of [acmeAgent, tenantAdmin]) {
      const listed = await req('GET', '/api/admin/conversations?limit=200', who);
      expect(listed.statusCode, listed.body).toBe(200);
      expect(ids(listed.json())).not.toContain(dm);
      expect(ids((await req('GET', `/api/admin/users/${alice.id}/conversations`, who)).json())).not.toContain(dm);
      refused(await req('GET', `/api/admin/conversations/${dm}`, who), 404, 'conversation_not_found');
      refused(
        await req('POST', `/api/admin/conversations/${dm}/participants`, who, { userId: who.id }),
        404,
        'conversation_not_found',
      );
      refused(await req('POST', `/api/conversations/${dm}/messages`, who, { content: 'hi' }), 403, 'not_a_participant');
      refused(await req('DELETE', `/api/admin/conversations/${dm}`, who), 404, 'conversation_not_found');
    }
    expect(
      (await req('GET', `/api/conversations/${dm}/messages`, bob)).json().map((m: { content: string }) => m.content),
    ).toEqual(['just between us']);
  });

  it("never reaches another org's conversations (404 or filtered out)", async () => {
    expect(ids((await req('GET', '/api/admin/conversations?limit=200', tenantAdmin)).json())).not.toContain(acmeGroup);
    refused(await req('GET', `/api/admin/conversations/${acmeGroup}`, tenantAdmin), 404, 'conversation_not_found');
    refused(
      await req('POST', `/api/admin/conversations/${acmeGroup}/participants`, tenantAdmin, { userId: tenantAdmin.id }),
      404,
      'conversation_not_found',
    );
    refused(await req('DELETE', `/api/admin/conversations/${acmeGroup}`, tenantAdmin), 404, 'conversation_not_found');
    refused(await req('GET', `/api/admin/stats?orgId=${owner.orgId}`, tenantAdmin), 403, 'not_org_member');
    // The agent is a member of Acme, not its admin: Acme's conversations stay out of its reach as well.
    expect(ids((await req('GET', '/api/admin/conversations?limit=200', acmeAgent)).json())).not.toContain(acmeGroup);
    refused(await req('GET', `/api/admin/conversations/${acmeGroup}`, acmeAgent), 404, 'conversation_not_found');
  });

  it("keeps an org admin's right over its own org's conversations", async () => {
    expect(ids((await req('GET', '/api/admin/conversations?limit=200', tenantAdmin)).json())).toEqual([tenantGroup]);
    expect((await req('GET', `/api/admin/conversations/${tenantGroup}`, tenantAdmin)).statusCode).toBe(200);
  });

  it('the super admin lists, reads and deletes conversations without an org and of every org', async () => {
    const listed = ids((await req('GET', '/api/admin/conversations?limit=200', h.admin)).json());
    expect(listed).toEqual(expect.arrayContaining([dm, acmeGroup, tenantGroup]));
    const detail = await req('GET', `/api/admin/conversations/${dm}`, h.admin);
    expect(detail.statusCode, detail.body).toBe(200);
    expect(detail.json().recentMessages.map((m: { content: string }) => m.content)).toEqual(['just between us']);
    const doomed = await created(alice, { type: 'private', orgId: null, participants: [{ userId: bob.id }] });
    expect((await req('DELETE', `/api/admin/conversations/${doomed}`, h.admin)).statusCode).toBe(204);
  });
});

describe('a member removed from the org', () => {
  it("gets 404 on the org's conversation with a fresh token, cannot post, join or list it, and its socket receives nothing", async () => {
    let carol = await h.registerOrgUser('Carol home');
    const membership = await identity('POST', `/api/orgs/${owner.orgId}/members/invite`, owner, {
      email: carol.email,
      role: 'member',
    });
    carol = await h.relogin(carol);
    const id = await created(owner, {
      type: 'group',
      name: 'Team',
      orgId: owner.orgId,
      participants: [{ userId: carol.id }],
    });
    expect((await req('POST', `/api/conversations/${id}/messages`, carol, { content: 'still here' })).statusCode).toBe(
      201,
    );

    await identity('DELETE', `/api/orgs/${owner.orgId}/members/${membership.id as string}`, owner);
    carol = await h.relogin(carol);
    refused(await req('GET', `/api/conversations/${id}`, carol), 404, 'conversation_not_found');
    refused(await req('GET', `/api/conversations/${id}/messages`, carol), 404, 'conversation_not_found');
    refused(
      await req('POST', `/api/conversations/${id}/messages`, carol, { content: 'let me in' }),
      404,
      'conversation_not_found',
    );
    refused(await req('POST', `/api/conversations/${id}/join`, carol), 404, 'conversation_not_found');
    expect(ids((await req('GET', '/api/conversations', carol)).json())).not.toContain(id);

    const carolSocket = await connectSocket(h.url, { token: carol.token });
    const ownerSocket = await connectSocket(h.url, { token: owner.token });
    open.push(carolSocket, ownerSocket);
    const carolNews = record(carolSocket, 'message:new');
    const ownerNews = record(ownerSocket, 'message:new');
    // Sockets read an unknown conversation and one they may not reach alike (messaging.md §7.1).
    expect(await emitAck(carolSocket, 'join:conversation', id)).toMatchObject({
      success: false,
      code: 'not_a_participant',
    });
    expect(await emitAck(carolSocket, 'message:send', { conversationId: id, content: 'by socket' })).toMatchObject({
      success: false,
      code: 'not_a_participant',
    });
    // A manager adding her again puts a participant row back, but no socket of a non-member into the room.
    expect((await req('DELETE', `/api/conversations/${id}/participants/${carol.id}`, owner)).statusCode).toBe(204);
    expect((await req('POST', `/api/conversations/${id}/participants`, owner, { userId: carol.id })).statusCode).toBe(
      201,
    );
    expect(
      (await req('POST', `/api/conversations/${id}/messages`, owner, { content: 'members only' })).statusCode,
    ).toBe(201);
    expect((await ownerNews.waitFor(1)).map((m) => m.content)).toEqual(['members only']);
    // One round trip on Carol's own connection: anything emitted to her socket before it has arrived by now.
    expect((await emitAck(carolSocket, 'leave:conversation', randomUUID())).success).toBe(true);
    expect(carolNews.seen).toEqual([]);
  });

  it('has its open socket closed as soon as identity publishes the removal, so it receives nothing more', async () => {
    let dan = await h.registerOrgUser('Dan home');
    const membership = await identity('POST', `/api/orgs/${owner.orgId}/members/invite`, owner, {
      email: dan.email,
      role: 'member',
    });
    dan = await h.relogin(dan);
    const id = await created(owner, {
      type: 'group',
      name: 'Live',
      orgId: owner.orgId,
      participants: [{ userId: dan.id }],
    });
    const danSocket = await connectSocket(h.url, { token: dan.token });
    open.push(danSocket);
    const news = record(danSocket, 'message:new');
    const expired = new Promise((resolve) => danSocket.once('session:expired', resolve));
    const gone = new Promise((resolve) => danSocket.once('disconnect', resolve));
    expect((await req('POST', `/api/conversations/${id}/messages`, owner, { content: 'before' })).statusCode).toBe(201);
    await news.waitFor(1);

    await identity('DELETE', `/api/orgs/${owner.orgId}/members/${membership.id as string}`, owner);
    expect(await expired).toMatchObject({ reason: expect.stringContaining('revoked') });
    await gone;
    expect((await req('POST', `/api/conversations/${id}/messages`, owner, { content: 'after' })).statusCode).toBe(201);
    expect(news.seen.map((m) => m.content)).toEqual(['before']);
  });
});
