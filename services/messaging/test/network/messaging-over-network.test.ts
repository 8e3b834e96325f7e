import { randomUUID } from 'node:crypto';
import { createEnvelopeSigner, createRelayClient, type RelayClient, type SandboxEvent } from '@symbia/relay';
import { signedEnvelopeFor } from '@symbia/relay/testing';
import {
  startNetworkPlatformForTests,
  type NetworkPlatformForTests,
  type OrgSession,
  type Session,
} from '@symbia/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, connectSocket, emitAck, record } from '../helpers/socket-client.js';

/**
 * Messaging as its own process (main.ts: it joins the network), a real network process and identity, and the
 * assistants service's side played by a relay client authenticated as `assistants` (the network's automatic
 * contracts messaging ↔ assistants apply, network.md §5.2). Then the network goes away: messaging keeps serving,
 * its outbox stays bounded (the drops show in /metrics), and revoked tokens are still refused from identity's feed.
 */
const OUTBOX_LIMIT = 3;
let platform: NetworkPlatformForTests;
let messagingUrl: string;
let assistants: RelayClient;
let u1: OrgSession;
let socket: Socket;
const received: SandboxEvent[] = [];

type Reply = { status: number; body: Record<string, unknown> & { code?: string } };
const call = async (method: string, path: string, who: Session | null, body?: unknown): Promise<Reply> => {
  const res = await fetch(`${messagingUrl}${path}`, {
    method,
    headers: { ...(who?.headers ?? {}), ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text ? JSON.parse(text) : {} };
};
const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};
const metric = async (name: string): Promise<number | null> => {
  const text = await (await fetch(`${messagingUrl}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes('node_id="messaging"'));
  return line === undefined ? null : Number(line.slice(line.lastIndexOf(' ') + 1));
};
const groupWithAssistant = async () => {
  const res = await call('POST', '/api/conversations', u1, {
    type: 'group',
    name: 'With helper',
    participants: [{ userId: 'assistant:helper' }],
  });
  expect(res.status).toBe(201);
  return res.body.id as string;
};

beforeAll(async () => {
  platform = await startNetworkPlatformForTests({
    messaging: true,
    env: { messaging: { NETWORK_RELAY_OUTBOX_LIMIT: String(OUTBOX_LIMIT) } },
  });
  messagingUrl = platform.messaging!.url;
  assistants = createRelayClient({
    networkUrl: platform.network.url,
    nodeId: 'assistants',
    authToken: () => platform.identity.serviceToken('assistants'),
    reconnectDelayMs: 200,
    reconnectDelayMaxMs: 500,
  });
  assistants.onAnyEvent((event) => void received.push(event));
  await assistants.connect();
  // messaging registers once it listens; the automatic contracts appear when both nodes exist.
  await waitFor('the contracts messaging ↔ assistants', async () => {
    const { contracts } = await assistants.getTopology();
    return (
      contracts.some((c) => c.from === 'messaging' && c.to === 'assistants') &&
      contracts.some((c) => c.from === 'assistants' && c.to === 'messaging')
    );
  });
  u1 = await platform.identity.registerOrgAdmin('Messaging Net Org');
});
afterAll(async () => {
  if (socket) await closed(socket);
  await assistants?.disconnect();
  await platform?.close();
});

describe('messaging on the network', () => {
  it('publishes message.new for a human message in a conversation with an assistant, without any token (W6)', async () => {
    const g = await groupWithAssistant();
    const sent = await call('POST', `/api/conversations/${g}/messages`, u1, { content: 'hello' });
    expect(sent.status).toBe(201);

    await waitFor('message.new', () =>
      received.some(
        (e) => e.payload.type === 'message.new' && (e.payload.data as { conversationId: string }).conversationId === g,
      ),
    );
    const event = received.find((e) => e.payload.type === 'message.new')!;
    expect(event.wrapper.source).toBe('messaging');
    expect(event.payload.data).toMatchObject({
      conversationId: g,
      orgId: u1.orgId,
      message: { id: sent.body.id, content: 'hello', sender_id: u1.id },
      assistants: [{ userId: 'assistant:helper', key: 'helper' }],
    });
    expect(JSON.stringify(event.payload.data)).not.toContain(u1.token);
  });

  it('publishes control events as message.control (W11)', async () => {
    // A grant revokes the user's older tokens (DESIGN §6): later tests use the new one.
    await platform.identity.grantEntitlement(u1.id, 'cap:messaging.interrupt');
    u1 = { ...u1, ...(await platform.identity.login(u1.email)) };
    const g = await groupWithAssistant();
    const res = await call('POST', `/api/conversations/${g}/control`, u1, {
      event: 'stream.pause',
      reason: 'wait',
    });
    expect(res.status).toBe(201);
    await waitFor('message.control', () =>
      received.some(
        (e) =>
          e.payload.type === 'message.control' && (e.payload.data as { conversationId: string }).conversationId === g,
      ),
    );
    const event = received.find((e) => e.payload.type === 'message.control')!;
    expect(event.payload.data).toMatchObject({
      conversationId: g,
      control: { event: 'stream.pause', reason: 'wait' },
      assistants: [{ userId: 'assistant:helper' }],
    });
  });

  it('ingests a message.response from assistants: the assistant joins and the room gets message:new (scenario 15)', async () => {
    const created = await call('POST', '/api/conversations', u1, { type: 'group', name: 'G' });
    const g = created.body.id as string;
    socket = await connectSocket(messagingUrl, { token: u1.token });
    const newMessages = record<Record<string, unknown>>(socket, 'message:new');
    expect((await emitAck(socket, 'join:conversation', g)).success).toBe(true);

    const { eventId, trace } = await assistants.send(
      {
        type: 'message.response',
        data: { conversationId: g, assistantKey: 'calc', orgId: u1.orgId, message: { content: '4' } },
      },
      randomUUID(),
      { target: 'messaging' },
    );
    expect(trace.status).toBe('delivered');
    const [pushed] = await newMessages.waitFor(1);
    expect(pushed).toMatchObject({ sender_id: 'assistant:calc', sender_type: 'agent', content: '4' });

    const listed = await call('GET', `/api/conversations/${g}/messages`, u1);
    expect(listed.body).toEqual([
      expect.objectContaining({
        sender_id: 'assistant:calc',
        content: '4',
        metadata: expect.objectContaining({ _sdnEventId: eventId }),
      }),
    ]);
    const conversation = await call('GET', `/api/conversations/${g}`, u1);
    expect(conversation.body.participants).toEqual(
      expect.arrayContaining([expect.objectContaining({ user_id: 'assistant:calc', user_type: 'agent' })]),
    );
  });

  it('forwards a reply in a channel conversation to integrations as message.new (§9.2 step 5)', async () => {
    const integrations = createRelayClient({
      networkUrl: platform.network.url,
      nodeId: 'integrations',
      authToken: () => platform.identity.serviceToken('integrations'),
    });
    const atIntegrations: SandboxEvent[] = [];
    integrations.onEvent('message.new', (event) => void atIntegrations.push(event));
    await integrations.connect();
    try {
      const channel = { type: 'telegram', connectionId: 'c1', chatId: '9' };
      const created = await call('POST', '/api/conversations', u1, {
        type: 'group',
        name: 'Telegram chat',
        participants: [{ userId: 'assistant:calc' }],
        metadata: { channel },
      });
      const g = created.body.id as string;
      await assistants.send(
        {
          type: 'message.response',
          data: { conversationId: g, assistantKey: 'calc', message: { content: 'hi there' } },
        },
        randomUUID(),
        { target: 'messaging' },
      );
      await waitFor('message.new at integrations', () => atIntegrations.length === 1);
      expect(atIntegrations[0]!.wrapper).toMatchObject({ source: 'messaging', target: 'integrations' });
      expect(atIntegrations[0]!.payload.data).toMatchObject({
        conversationId: g,
        channel,
        message: { content: 'hi there' },
      });
    } finally {
      await integrations.disconnect();
    }
  });

  it('refuses envelopes on POST /api/network/receive that do not verify (forged 401, replayed 409, malformed 400)', async () => {
    const event = signedEnvelopeFor(randomUUID(), {
      type: 'message.response',
      data: { conversationId: randomUUID(), assistantKey: 'x', message: { content: 'x' } },
      source: 'assistants',
      target: 'messaging',
    });
    const forged = await call('POST', '/api/network/receive', null, event);
    expect(forged.status).toBe(401);
    expect(forged.body.code).toBe('invalid_event_signature');

    event.hash = createEnvelopeSigner(platform.secrets.NETWORK_HASH_SECRET!).sign(event);
    expect((await call('POST', '/api/network/receive', null, event)).status).toBe(202);
    const replay = await call('POST', '/api/network/receive', null, event);
    expect(replay.status).toBe(409);
    expect(replay.body.code).toBe('event_replayed');

    const malformed = await call('POST', '/api/network/receive', null, { hash: 'x' });
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('validation_failed');
  });
});

describe('messaging while network is down', () => {
  it('keeps answering, keeps its outbox bounded and counts the drops in /metrics', async () => {
    const g = await groupWithAssistant();
    expect(await metric('relay_connected')).toBe(1);
    await platform.network.stop();
    await waitFor('messaging to notice', async () => (await metric('relay_connected')) === 0);
    const droppedBefore = (await metric('relay_events_dropped_total')) ?? 0;

    for (let i = 0; i < 10; i += 1) {
      const res = await call('POST', `/api/conversations/${g}/messages`, u1, { content: `while down ${i}` });
      expect(res.status).toBe(201);
    }
    // Each message publishes one message.new; the outbox keeps the last OUTBOX_LIMIT.
    await waitFor(
      'the drops counted',
      async () => (await metric('relay_events_dropped_total')) === droppedBefore + 10 - OUTBOX_LIMIT,
    );
    expect(await metric('relay_outbox_queued')).toBe(OUTBOX_LIMIT);
    expect(await metric('relay_outbox_limit')).toBe(OUTBOX_LIMIT);
    expect((await call('GET', `/api/conversations/${g}/messages`, u1)).body).toHaveLength(10);
  });

  it('still refuses a revoked token, from identity’s own revocation feed (401 token_revoked)', async () => {
    expect(platform.network.isRunning()).toBe(false);
    const user = await platform.identity.registerOrgAdmin('Revoked While Down');
    expect((await call('GET', '/api/conversations', user)).status).toBe(200);
    await platform.identity.call('/api/auth/logout', {}, user.headers);
    await waitFor(
      'the revocation to reach messaging',
      async () => (await call('GET', '/api/conversations', user)).status === 401,
    );
    const refused = await call('GET', '/api/conversations', user);
    expect(refused.body.code).toBe('token_revoked');
  });

  it('hands what the outbox kept to the network once it is back', async () => {
    const sentBefore = (await metric('relay_events_sent_total')) ?? 0;
    await platform.network.start();
    await waitFor('messaging registered again', async () => (await metric('relay_connected')) === 1);
    // Acknowledged by the network: routed (whether assistants is back yet is the network's business, network.md §1).
    await waitFor(
      'the kept events acknowledged',
      async () => (await metric('relay_events_sent_total')) === sentBefore + OUTBOX_LIMIT,
    );
    expect(await metric('relay_outbox_queued')).toBe(0);
  });
});
