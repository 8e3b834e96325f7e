import type { Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';
import { closed, connectSocket, emitAck, record } from '../helpers/socket-client.js';

let h: Harness;
let u1: OrgUser; // admin of O1, holds cap:messaging.interrupt
let u2: OrgUser; // member of O1
let outsider: OrgUser; // O2 only
let observer: Session; // agent of O1 with cap:messaging.observe
let foreignObserver: Session; // agent of O2 with cap:messaging.observe
const open: Socket[] = [];

const connect = async (who: Session) => {
  const socket = await connectSocket(h.url, { token: who.token });
  open.push(socket);
  return socket;
};
const rest = async (method: 'POST' | 'DELETE', path: string, who: Session, payload?: Record<string, unknown>) => {
  const res = await h.app.inject({ method, url: path, headers: who.headers, ...(payload && { payload }) });
  expect(res.statusCode, res.body).toBeLessThan(300);
  return res.body ? (res.json() as Record<string, unknown> & { id: string }) : ({} as { id: string });
};
const group = async (participants: string[]) =>
  (
    await rest('POST', '/api/conversations', u1, {
      type: 'group',
      name: 'G',
      participants: participants.map((userId) => ({ userId })),
    })
  ).id;
const post = (id: string, who: Session, content: string) =>
  rest('POST', `/api/conversations/${id}/messages`, who, { content });

beforeAll(async () => {
  h = await startMessaging({ listen: true });
  u1 = await h.grant(await h.registerOrgUser('O1'), 'cap:messaging.interrupt');
  u2 = await h.addMember(u1, u1.orgId, await h.registerOrgUser('U2 home'));
  outsider = await h.registerOrgUser('O2');
  observer = await h.registerAgent('agent:observer', u1.orgId, ['cap:messaging.observe']);
  foreignObserver = await h.registerAgent('agent:foreign-observer', outsider.orgId, ['cap:messaging.observe']);
});
afterEach(async () => {
  await Promise.all(open.splice(0).map(closed));
});
afterAll(() => h?.close());

describe('handshake', () => {
  it('refuses sockets without or with bad credentials (scenario 8)', async () => {
    await expect(connectSocket(h.url, undefined)).rejects.toThrow('Authentication required');
    await expect(connectSocket(h.url, { token: 'not.a.jwt' })).rejects.toThrow('Authentication required');
    await expect(connectSocket(h.url, { apiKey: `sk_${'x'.repeat(40)}` })).rejects.toThrow('Authentication required');
  });

  it('accepts a JWT (bare or with "Bearer "), an API key, or the Authorization header', async () => {
    open.push(await connectSocket(h.url, { token: `Bearer ${u1.token}` }));
    open.push(await connectSocket(h.url, { apiKey: await h.createApiKey(u1, u1.orgId, ['messaging:read']) }));
    open.push(await connectSocket(h.url, undefined, { authorization: `Bearer ${u2.token}` }));
  });

  it('holds a socket opened with an API key to its scopes: messaging:read to connect, messaging:write to post', async () => {
    await expect(
      connectSocket(h.url, { apiKey: await h.createApiKey(u1, u1.orgId, ['catalog:read']) }),
    ).rejects.toMatchObject({ data: { code: 'api_key_scope_missing' } });
    const id = await group([]);
    const reader = await connectSocket(h.url, { apiKey: await h.createApiKey(u1, u1.orgId, ['read:resources']) });
    open.push(reader);
    expect((await emitAck(reader, 'join:conversation', id)).success).toBe(true);
    const refused = {
      success: false,
      error: 'This API key lacks the messaging:write scope',
      code: 'api_key_scope_missing',
    };
    expect(await emitAck(reader, 'message:send', { conversationId: id, content: 'from a read key' })).toEqual(refused);
    expect(await emitAck(reader, 'control:send', { conversationId: id, event: 'stream.pause' })).toEqual(refused);
    const writer = await connectSocket(h.url, {
      apiKey: await h.createApiKey(u1, u1.orgId, ['read', 'messaging:write']),
    });
    open.push(writer);
    expect((await emitAck(writer, 'message:send', { conversationId: id, content: 'from a write key' })).success).toBe(
      true,
    );
  });
});

describe('delivery and rooms', () => {
  it('delivers message:new equal to the REST answer, and relays typing to the others only (scenario 7)', async () => {
    const id = await group([u2.id]);
    const [s1, s2] = [await connect(u1), await connect(u2)];
    const news = record(s2, 'message:new');
    const sent = await post(id, u1, 'hello');
    expect((await news.waitFor(1))[0]).toEqual(sent);
    const typing1 = record(s1, 'typing:started');
    const typing2 = record(s2, 'typing:started');
    expect((await emitAck(s2, 'typing:start', id)).success).toBe(true);
    expect((await typing1.waitFor(1))[0]).toEqual({ conversationId: id, userId: u2.id, userType: 'user' });
    expect(typing2.seen).toEqual([]); // the ack came after the relay, so an echo would already be here
  });

  it('puts a newly added participant in the room at once (W8), and two orgs never see each other', async () => {
    const [s2, sOut] = [await connect(u2), await connect(outsider)];
    const id = await group([u2.id]);
    const news = record(s2, 'message:new');
    const outsiderNews = record(sOut, 'message:new');
    expect((await emitAck(s2, 'join:conversation', id)).success).toBe(true);
    await post(id, u1, 'welcome');
    expect((await news.waitFor(1))[0]!.content).toBe('welcome');
    const theirs = (await rest('POST', '/api/conversations', outsider, { type: 'group', name: 'O2 room' })).id;
    await post(theirs, outsider, 'O2 only');
    expect((await outsiderNews.waitFor(1)).map((m) => m.content)).toEqual(['O2 only']);
    expect(news.seen.map((m) => m.content)).toEqual(['welcome']);
    expect(await emitAck(sOut, 'join:conversation', id)).toEqual({
      success: false,
      error: 'Not a participant',
      code: 'not_a_participant',
    });
  });

  it('stops delivering to a removed participant at once (W8)', async () => {
    const removedFrom = await group([u2.id]);
    const stillIn = await group([u2.id]);
    const s2 = await connect(u2);
    const news = record(s2, 'message:new');
    await post(removedFrom, u1, 'before');
    await news.waitFor(1);
    await rest('DELETE', `/api/conversations/${removedFrom}/participants/${u2.id}`, u1);
    await post(removedFrom, u1, 'after removal');
    await post(stillIn, u1, 'marker');
    expect((await news.waitFor(2)).map((m) => m.content)).toEqual(['before', 'marker']);
    expect(await emitAck(s2, 'join:conversation', removedFrom)).toMatchObject({
      success: false,
      error: 'Not a participant',
    });
    expect(await emitAck(s2, 'typing:start', removedFrom)).toMatchObject({
      success: false,
      error: 'Not a participant',
    });
    expect(await emitAck(s2, 'message:send', { conversationId: removedFrom, content: 'x' })).toMatchObject({
      success: false,
      error: 'Not a participant',
    });
  });
});

describe('message events', () => {
  it('sends, edits and soft-deletes over the socket with the REST rules (scenario 9, W7)', async () => {
    const id = await group([u2.id]);
    const [s1, s2] = [await connect(u1), await connect(u2)];
    const updated = record(s2, 'message:updated');
    const deleted = record(s2, 'message:deleted');
    const sent = await emitAck(s1, 'message:send', { conversationId: id, content: 'draft' });
    expect(sent).toMatchObject({ success: true, message: { content: 'draft', sequence: 1 } });
    const messageId = sent.message!.id as string;
    expect(await emitAck(s2, 'message:edit', { messageId, content: 'stolen' })).toMatchObject({
      success: false,
      error: 'Not authorized to edit this message',
    });
    expect(await emitAck(s1, 'message:edit', { messageId, content: 'final' })).toMatchObject({
      success: true,
      message: { content: 'final' },
    });
    expect((await updated.waitFor(1))[0]).toMatchObject({ id: messageId, content: 'final' });
    expect(await emitAck(s1, 'message:delete', messageId)).toEqual({ success: true });
    expect((await deleted.waitFor(1))[0]).toEqual({ id: messageId, conversationId: id });
    const listed = await h.app.inject({ method: 'GET', url: `/api/conversations/${id}/messages`, headers: u1.headers });
    expect(listed.json()).toEqual([]);
    expect(await emitAck(s1, 'message:send', { conversationId: id, content: 'x', contentType: 'event' })).toMatchObject(
      { success: false, error: 'Use /control for stream events' },
    );
  });

  it('answers malformed payloads with an error ack and keeps serving', async () => {
    const s1 = await connect(u1);
    expect(await emitAck(s1, 'message:send', 42)).toMatchObject({ success: false, code: 'validation_failed' });
    expect(await emitAck(s1, 'message:send', { conversationId: 'nope', content: 'x' })).toMatchObject({
      success: false,
      error: 'Invalid payload: conversationId',
    });
    expect(await emitAck(s1, 'join:conversation', null)).toMatchObject({ success: false, code: 'validation_failed' });
    expect(await emitAck(s1, 'presence:update', 'sleeping')).toMatchObject({
      success: false,
      code: 'validation_failed',
    });
    expect(await emitAck(s1, 'control:send', { conversationId: 'x' })).toMatchObject({ success: false });
    s1.emit('message:delete', { messageId: { $ne: null } }); // no ack at all
    const id = await group([]);
    expect((await emitAck(s1, 'message:send', { conversationId: id, content: 'still alive' })).success).toBe(true);
  });
});

describe('control events', () => {
  it('broadcasts a permitted event under its own name and refuses forged names (scenario 10, W7)', async () => {
    const id = await group([u2.id]);
    const [s1, s2] = [await connect(u1), await connect(u2)];
    const pauses = record(s2, 'stream.pause');
    const spoofed = record(s2, 'message:new');
    const forged = await emitAck(s1, 'control:send', { conversationId: id, event: 'message:new', reason: 'spoof' });
    expect(forged).toMatchObject({ success: false, code: 'invalid_control_event' });
    expect(await emitAck(s2, 'control:send', { conversationId: id, event: 'stream.pause' })).toMatchObject({
      success: false,
      error: 'Not authorized to send control events',
    });
    const ok = await emitAck(s1, 'control:send', { conversationId: id, event: 'stream.pause', reason: 'wait' });
    expect(ok).toMatchObject({ success: true, control: { content: 'stream.pause', content_type: 'event' } });
    expect((await pauses.waitFor(1))[0]).toMatchObject({
      event: 'stream.pause',
      conversationId: id,
      reason: 'wait',
      effectiveAt: expect.any(String),
    });
    expect(spoofed.seen).toEqual([]);
    expect(JSON.stringify(pauses.seen)).not.toContain(u1.token);
  });
});

describe('presence', () => {
  it('tells only principals sharing a conversation (W13), and offline only when the last socket leaves', async () => {
    await group([u2.id]);
    const s1 = await connect(u1);
    const sOut = await connect(outsider);
    const presence = record(s1, 'presence:changed');
    const offline = record(s1, 'participant:offline');
    const outsiderPresence = record(sOut, 'presence:changed');
    const [a, b] = [await connect(u2), await connect(u2)];
    expect((await emitAck(a, 'presence:update', 'busy')).success).toBe(true);
    expect((await presence.waitFor(1))[0]).toMatchObject({ userId: u2.id, status: 'busy' });
    await closed(a);
    await closed(b);
    const changes = await presence.waitFor(2);
    expect(changes[1]).toMatchObject({ userId: u2.id, status: 'offline' });
    expect(changes).toHaveLength(2); // the first socket's departure announced nothing
    expect(offline.seen.length).toBeGreaterThan(0);
    expect(outsiderPresence.seen).toEqual([]);
    expect((await emitAck(sOut, 'presence:update', 'away')).success).toBe(true);
  });
});

describe('socket event limits (W14)', () => {
  it('refuses events beyond the per-socket budget with an error ack', async () => {
    const limited = await h.buildAnother({ SOCKET_EVENT_MAX: '3', SOCKET_EVENT_WINDOW_MS: '600000' });
    const url = await limited.listen({ host: '127.0.0.1', port: 0 });
    const socket = await connectSocket(url, { token: u1.token });
    open.push(socket);
    const acks = [];
    for (let i = 0; i < 4; i += 1) acks.push(await emitAck(socket, 'presence:update', 'online'));
    expect(acks.map((a) => a.success)).toEqual([true, true, true, false]);
    expect(acks[3]).toMatchObject({ code: 'rate_limited' });
  });
});

describe('watch:conversation', () => {
  it('lets an observing agent of the same org watch, and no one else (W15)', async () => {
    const id = await group([]);
    const watcher = await connect(observer);
    const news = record(watcher, 'message:new');
    expect(await emitAck(watcher, 'watch:conversation', id)).toEqual({ success: true });
    await post(id, u1, 'observed');
    expect((await news.waitFor(1))[0]!.content).toBe('observed');
    expect(await emitAck(watcher, 'typing:start', id)).toMatchObject({ success: false });
    expect(await emitAck(await connect(foreignObserver), 'watch:conversation', id)).toMatchObject({
      success: false,
      error: 'Not a participant',
    });
    expect(await emitAck(await connect(u2), 'watch:conversation', id)).toMatchObject({
      success: false,
      error: 'Observe capability required',
    });
  });
});
