import { randomUUID } from 'node:crypto';
import {
  createMessagingClient,
  createMessagingSocket,
  streamChat,
  SymbiaApiError,
  type ControlEvent,
  type Message,
  type MessagingSocket,
} from '@symbia/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMessaging, type Harness, type OrgUser } from '../helpers/messaging-harness.js';

let h: Harness;
let u1: OrgUser;
let u2: OrgUser;
const sockets: MessagingSocket[] = [];

function nextEvent<T>(subscribe: (handler: (event: T) => void) => () => void): Promise<T> {
  return new Promise((resolve) => {
    const off = subscribe((event) => {
      off();
      resolve(event);
    });
  });
}

beforeAll(async () => {
  h = await startMessaging({ listen: true });
  u1 = await h.grant(await h.registerOrgUser('O1'), 'cap:messaging.interrupt');
  u2 = await h.addMember(u1, u1.orgId, await h.registerOrgUser('U2 home'));
});
afterAll(async () => {
  for (const s of sockets) s.disconnect();
  await h?.close();
});

describe('@symbia/client messaging SDK', () => {
  it('covers the REST surface', async () => {
    const client = createMessagingClient({ baseUrl: h.url, token: u1.token });
    const other = createMessagingClient({ baseUrl: h.url, token: () => u2.token });
    const conv = await client.createConversation({ type: 'group', name: 'SDK', participants: [{ userId: u2.id }] });
    expect(conv.participants.map((p) => p.role).sort()).toEqual(['member', 'owner']);
    expect(await client.getConversation(randomUUID())).toBeNull();
    expect((await other.listConversations()).map((c) => c.id)).toContain(conv.id);
    const id = randomUUID();
    const first = await client.sendMessage(conv.id, { id, content: 'one' });
    expect((await client.sendMessage(conv.id, { id, content: 'one' })).sequence).toBe(first.sequence);
    await other.sendMessage(conv.id, { content: 'two', replyTo: first.id });
    expect((await client.getMessages(conv.id, { afterSequence: 1 })).map((m) => m.content)).toEqual(['two']);
    expect(
      (await client.getMessages(conv.id, { after: new Date(Date.now() - 60_000), limit: 1 })).map((m) => m.content),
    ).toEqual(['one']);
    expect((await client.editMessage(conv.id, first.id, 'uno')).content).toBe('uno');
    await client.deleteMessage(conv.id, first.id);
    expect((await client.updateConversation(conv.id, { name: 'Renamed' })).name).toBe('Renamed');
    await other.leaveConversation(conv.id);
    expect((await other.joinConversation(conv.id)).role).toBe('member');
    expect((await client.addParticipant(conv.id, 'assistant:helper', 'agent')).user_type).toBe('agent');
    await client.removeParticipant(conv.id, 'assistant:helper');
    expect((await client.sendControl(conv.id, { event: 'stream.cancel', reason: 'stop' })).content).toBe(
      'stream.cancel',
    );
    const denied = await other.sendControl(conv.id, { event: 'stream.pause' }).catch((e: unknown) => e);
    expect(denied).toBeInstanceOf(SymbiaApiError);
    const { status: deniedStatus, code: deniedCode } = denied as SymbiaApiError;
    expect({ status: deniedStatus, code: deniedCode }).toEqual({ status: 403, code: 'control_not_allowed' });
    await client.deleteConversation(conv.id);
    expect(await client.getConversation(conv.id)).toBeNull();
  });

  it('covers the socket surface', async () => {
    const client = createMessagingClient({ baseUrl: h.url, token: u1.token });
    const conv = await client.createConversation({ type: 'group', name: 'Live', participants: [{ userId: u2.id }] });
    const offline = createMessagingSocket({ baseUrl: h.url, token: u2.token });
    expect(await offline.joinConversation(conv.id)).toEqual({ success: false, error: 'Not connected' });
    await expect(createMessagingSocket({ baseUrl: h.url }).connect()).rejects.toThrow('Authentication required');

    const s1 = createMessagingSocket({ baseUrl: h.url, token: () => u1.token });
    const s2 = createMessagingSocket({ baseUrl: h.url, token: u2.token });
    sockets.push(s1, s2);
    const received = nextEvent<Message>((handler) => s2.onMessage(handler));
    const control = nextEvent<ControlEvent>((handler) => s2.onControl('*', handler));
    await s1.connect();
    await s2.connect();
    const sent = await s1.sendMessage(conv.id, { content: 'over the socket' });
    expect(sent.success).toBe(true);
    expect((await received).content).toBe('over the socket');
    expect((await s1.sendControl(conv.id, { event: 'stream.preempt', reason: 'urgent' })).success).toBe(true);
    expect(await control).toMatchObject({ event: 'stream.preempt', conversationId: conv.id, reason: 'urgent' });
    const typing = nextEvent<{ userId: string }>((handler) => s1.onTypingStart(handler));
    await s2.startTyping(conv.id);
    expect((await typing).userId).toBe(u2.id);
  });

  it('reads the chat stream refusals as SymbiaApiError', async () => {
    const error = await streamChat({ baseUrl: h.url, content: '' })
      .next()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SymbiaApiError);
    const { status: errorStatus, code: errorCode } = error as SymbiaApiError;
    expect({ status: errorStatus, code: errorCode }).toEqual({ status: 400, code: 'validation_failed' });
  });
});
