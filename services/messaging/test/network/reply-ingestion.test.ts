import { randomUUID } from 'node:crypto';
import type { SandboxEvent } from '@symbia/relay';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createConversationStore } from '../../src/conversations/conversation.store.js';
import { createMessageStore } from '../../src/messages/message.store.js';
import { createReplyIngestion, type ReplyIngestion } from '../../src/network/reply-ingestion.js';
import { createDeferredBus } from '../../src/realtime/realtime-bus.js';
import { startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';

/**
 * messaging.md §9.2 with W5, against real PostgreSQL: which assistant replies arriving over the network are
 * stored. Conversations are created through the REST API of the same database.
 */
let h: Harness;
let ingestion: ReplyIngestion;
let u1: OrgUser;
let other: OrgUser;
const published: { type: string; data: unknown; options: Record<string, unknown> }[] = [];

const createConversation = async (who: Session, body: Record<string, unknown>) => {
  const res = await h.app.inject({ method: 'POST', url: '/api/conversations', headers: who.headers, payload: body });
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; org_id: string | null };
};
const messagesOf = async (who: Session, id: string) => {
  const res = await h.app.inject({ method: 'GET', url: `/api/conversations/${id}/messages`, headers: who.headers });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as { sender_id: string; sender_type: string; content: string; metadata: Record<string, unknown> }[];
};
const reply = (data: unknown, source = 'assistants', type = 'message.response'): SandboxEvent => ({
  payload: { type, data },
  wrapper: {
    id: randomUUID(),
    runId: randomUUID(),
    timestamp: new Date().toISOString(),
    source,
    target: 'messaging',
    path: [source, 'messaging'],
    boundary: 'intra',
  },
  hash: 'verified-before-ingestion',
});

beforeAll(async () => {
  h = await startMessaging();
  u1 = await h.registerOrgUser('Reply Org');
  other = await h.registerOrgUser('Other Org');
  const db = h.database.db;
  const conversations = createConversationStore(db);
  const messages = createMessageStore(db);
  ingestion = createReplyIngestion({
    conversations,
    messages,
    transaction: (fn) =>
      db.transaction((tx) => fn({ conversations: createConversationStore(tx), messages: createMessageStore(tx) })),
    bus: createDeferredBus(),
    publish: (type, data, options) => published.push({ type, data, options }),
  });
});
afterAll(async () => {
  await h?.close();
});

describe('assistant replies from the network (messaging.md §9.2, W5)', () => {
  it('stores a reply from the assistants node and adds the assistant to a group of its org (scenario 15)', async () => {
    const g = await createConversation(u1, { type: 'group', name: 'G' });
    const event = reply({ conversationId: g.id, assistantKey: 'calc', orgId: u1.orgId, message: { content: '4' } });
    const outcome = await ingestion.ingest(event);
    expect(outcome).toMatchObject({ stored: true, message: { sender_id: 'assistant:calc', sender_type: 'agent' } });

    const [stored] = await messagesOf(u1, g.id);
    expect(stored).toMatchObject({ sender_id: 'assistant:calc', sender_type: 'agent', content: '4' });
    expect(stored!.metadata).toMatchObject({ _sdnEventId: event.wrapper.id, _sdnRunId: event.wrapper.runId });
    const participants = await createConversationStore(h.database.db).participants(g.id);
    expect(participants.find((p) => p.userId === 'assistant:calc')).toMatchObject({
      userType: 'agent',
      role: 'member',
    });
  });

  it('stores the same event once, however often it arrives', async () => {
    const g = await createConversation(u1, { type: 'group', name: 'G', participants: [{ userId: 'assistant:calc' }] });
    const event = reply({ conversationId: g.id, assistantKey: 'calc', message: { content: 'once' } });
    await ingestion.ingest(event);
    await ingestion.ingest(event);
    expect((await messagesOf(u1, g.id)).map((m) => m.content)).toEqual(['once']);
  });

  it('lets an assistant node speak for itself, in a conversation it takes part in', async () => {
    const g = await createConversation(u1, { type: 'group', name: 'G', participants: [{ userId: 'assistant:calc' }] });
    const own = await ingestion.ingest(
      reply({ conversationId: g.id, assistantKey: 'calc', message: { content: 'mine' } }, 'assistant:calc'),
    );
    expect(own.stored).toBe(true);
  });

  it('refuses a reply from any other node, and an assistant speaking for another one', async () => {
    const g = await createConversation(u1, { type: 'group', name: 'G', participants: [{ userId: 'assistant:calc' }] });
    const data = { conversationId: g.id, assistantKey: 'calc', orgId: u1.orgId, message: { content: 'spoof' } };
    expect(await ingestion.ingest(reply(data, 'runtime'))).toEqual({ stored: false, reason: 'untrusted_source' });
    expect(await ingestion.ingest(reply(data, 'assistant:other'))).toEqual({
      stored: false,
      reason: 'untrusted_source',
    });
    expect(await messagesOf(u1, g.id)).toEqual([]);
  });

  it('refuses to join another org’s group, a private conversation, or a conversation that does not exist', async () => {
    const theirs = await createConversation(other, { type: 'group', name: 'Theirs' });
    const claimOwnOrg = { conversationId: theirs.id, assistantKey: 'calc', orgId: u1.orgId, message: { content: 'x' } };
    expect(await ingestion.ingest(reply(claimOwnOrg))).toEqual({ stored: false, reason: 'not_a_participant' });
    const priv = await createConversation(u1, { type: 'private', participants: [{ userId: randomUUID() }] });
    const intoPrivate = { conversationId: priv.id, assistantKey: 'calc', orgId: u1.orgId, message: { content: 'x' } };
    expect(await ingestion.ingest(reply(intoPrivate))).toEqual({ stored: false, reason: 'not_a_participant' });
    const nowhere = { conversationId: randomUUID(), assistantKey: 'calc', message: { content: 'x' } };
    expect(await ingestion.ingest(reply(nowhere))).toEqual({ stored: false, reason: 'unknown_conversation' });
    expect(await messagesOf(other, theirs.id)).toEqual([]);
  });

  it('drops malformed replies: no content, no sender, a sender that is not an assistant, a bad conversation id', async () => {
    const g = await createConversation(u1, { type: 'group', name: 'G' });
    for (const data of [
      { conversationId: g.id, assistantKey: 'calc', message: {} },
      { conversationId: g.id, message: { content: 'who?' } },
      { conversationId: g.id, assistant: { userId: 'user-1' }, message: { content: 'x' } },
      { conversationId: 'not-a-uuid', assistantKey: 'calc', message: { content: 'x' } },
      null,
      'text',
    ]) {
      expect(await ingestion.ingest(reply(data))).toEqual({ stored: false, reason: 'malformed' });
    }
    // assistant.action.respond announces an answer (libraries.md §5.4) and carries no content: nothing to store.
    const announce = { conversationId: g.id, assistantKey: 'calc', messageId: randomUUID(), justification: {} };
    expect(await ingestion.ingest(reply(announce, 'assistants', 'assistant.action.respond'))).toEqual({
      stored: false,
      reason: 'malformed',
    });
  });

  it('forwards a reply in a channel conversation to integrations (§9.2 step 5)', async () => {
    const channel = { type: 'telegram', connectionId: 'c1', chatId: '9' };
    const g = await createConversation(u1, {
      type: 'group',
      name: 'G',
      participants: [{ userId: 'assistant:calc' }],
      metadata: { channel },
    });
    const event = reply({ conversationId: g.id, assistantKey: 'calc', message: { content: 'to telegram' } });
    await ingestion.ingest(event);
    expect(published.at(-1)).toMatchObject({
      type: 'message.new',
      data: { conversationId: g.id, channel, message: { content: 'to telegram' } },
      options: { target: 'integrations', causedBy: event.wrapper.id },
    });
  });
});
