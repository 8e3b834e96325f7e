import { refusalOf } from '@symbia/testing';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCaptureServer } from '../helpers/capture-server.js';
import { fieldsOf, startMessaging, type Harness, type OrgUser, type Session } from '../helpers/messaging-harness.js';

let h: Harness;
let assistantsHook: Awaited<ReturnType<typeof startCaptureServer>>;
let u1: OrgUser; // admin of O1
let u2: OrgUser; // member of O1
let outsider: OrgUser; // O2 only
let agent: Session; // assistant:helper of O1

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: unknown) =>
  h.app.inject({
    method,
    url,
    headers: who?.headers ?? {},
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
const group = async (participants: string[] = [u2.id]) => {
  const res = await req('POST', '/api/conversations', u1, {
    type: 'group',
    name: 'G',
    participants: participants.map((userId) => ({ userId })),
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json().id as string;
};
const send = async (who: Session, id: string, body: Record<string, unknown>) => {
  const res = await req('POST', `/api/conversations/${id}/messages`, who, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; sequence: number; content: string; org_id: string | null; sender_type: string };
};

beforeAll(async () => {
  assistantsHook = await startCaptureServer();
  h = await startMessaging({
    env: {
      ASSISTANTS_WEBHOOK_URL: `${assistantsHook.url}/api/webhook/messaging`,
      ASSISTANTS_CONTROL_URL: `${assistantsHook.url}/api/webhook/control`,
    },
  });
  u1 = await h.registerOrgUser('O1');
  u2 = await h.addMember(u1, u1.orgId, await h.registerOrgUser('U2 home'));
  outsider = await h.registerOrgUser('O2');
  agent = await h.registerAgent('assistant:helper', u1.orgId);
});
afterAll(async () => {
  await h?.close();
  await assistantsHook?.close();
});

describe('POST /api/conversations/:id/messages', () => {
  it('numbers messages per conversation and copies the org (scenario 4)', async () => {
    const id = await group();
    const a = await send(u1, id, { content: 'a' });
    const b = await send(u2, id, { content: 'b' });
    expect([a.sequence, b.sequence]).toEqual([1, 2]);
    expect(a.org_id).toBe(u1.orgId);
    const listed = await req('GET', `/api/conversations/${id}/messages`, u2);
    expect(listed.json()).toEqual([a, b]);
    const me = (await req('GET', `/api/conversations/${id}`, u2))
      .json()
      .participants.find((p: { user_id: string }) => p.user_id === u2.id);
    expect(me.last_read_at).not.toBeNull();
  });

  it('is idempotent on a client id for the same sender and conversation, and 409 otherwise (scenario 5, W10)', async () => {
    const id = await group();
    const clientId = randomUUID();
    const [first, second] = await Promise.all([
      send(u1, id, { id: clientId, content: 'once' }),
      send(u1, id, { id: clientId, content: 'once' }),
    ]);
    expect(first.id).toBe(clientId);
    expect(second.sequence).toBe(first.sequence);
    const rows = await h.database.pool.query('select count(*)::int as n from messaging.messages where id = $1', [
      clientId,
    ]);
    expect(rows.rows[0].n).toBe(1);
    expect(
      refusalOf(await req('POST', `/api/conversations/${id}/messages`, u2, { id: clientId, content: 'hijack' })),
    ).toEqual({ status: 409, code: 'message_id_conflict' });
    const other = await group();
    expect(
      refusalOf(await req('POST', `/api/conversations/${other}/messages`, u1, { id: clientId, content: 'elsewhere' })),
    ).toEqual({ status: 409, code: 'message_id_conflict' });
  });

  it('keeps sequences gap-free under concurrent senders', async () => {
    const id = await group();
    const sent = await Promise.all(
      Array.from({ length: 12 }, (_, i) => send(i % 2 ? u1 : u2, id, { content: `m${i}` })),
    );
    expect(sent.map((m) => m.sequence).sort((x, y) => x - y)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
  });

  it('refuses the event content type (scenario 6) and bad fields with 400 naming them', async () => {
    const id = await group();
    const event = await req('POST', `/api/conversations/${id}/messages`, u1, {
      content: 'stream.pause',
      contentType: 'event',
    });
    expect(refusalOf(event)).toEqual({ status: 400, code: 'use_control_endpoint' });
    expect(event.json().error).toBe('Use /control for stream events');
    expect(fieldsOf(await req('POST', `/api/conversations/${id}/messages`, u1, { content: '  ' }))).toEqual([
      'body.content',
    ]);
    expect(fieldsOf(await req('POST', `/api/conversations/${id}/messages`, u1, {}))).toEqual(['body.content']);
    expect(
      fieldsOf(await req('POST', `/api/conversations/${id}/messages`, u1, { content: 'x', runId: 'run-1' })),
    ).toEqual(['body.runId']);
    expect(
      fieldsOf(await req('POST', `/api/conversations/${id}/messages`, u1, { content: 'x', priority: 'urgent' })),
    ).toEqual(['body.priority']);
    expect(
      fieldsOf(await req('POST', `/api/conversations/${id}/messages`, u1, { content: 'x', replyTo: randomUUID() })),
    ).toEqual(['body.replyTo']);
  });

  it('threads replies within the conversation only (W10)', async () => {
    const id = await group();
    const parent = await send(u1, id, { content: 'parent' });
    const reply = await send(u2, id, { content: 'child', replyTo: parent.id });
    expect(reply).toMatchObject({ reply_to: parent.id });
    const elsewhere = await group();
    expect(
      refusalOf(
        await req('POST', `/api/conversations/${elsewhere}/messages`, u1, { content: 'x', replyTo: parent.id }),
      ),
    ).toEqual({ status: 400, code: 'invalid_reply_to' });
  });

  it('answers 401 without credentials and 404 to another org', async () => {
    const id = await group();
    expect(refusalOf(await req('POST', `/api/conversations/${id}/messages`, undefined, { content: 'x' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', `/api/conversations/${id}/messages`, outsider, { content: 'x' }))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
  });

  it('lets an agent of the org join by posting, but not a human (scenario 14) nor an agent of another org', async () => {
    const id = await group([]);
    const byAgent = await send(agent, id, { content: 'hello from the agent' });
    expect(byAgent.sender_type).toBe('agent');
    const participants = (await req('GET', `/api/conversations/${id}`, u1)).json().participants;
    expect(participants).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ user_id: 'assistant:helper', user_type: 'agent', role: 'member' }),
      ]),
    );
    expect(refusalOf(await req('POST', `/api/conversations/${id}/messages`, u2, { content: 'x' }))).toEqual({
      status: 403,
      code: 'not_a_participant',
    });
    const foreignAgent = await h.registerAgent('assistant:foreign', outsider.orgId);
    expect((await req('POST', `/api/conversations/${id}/messages`, foreignAgent, { content: 'x' })).statusCode).toBe(
      404,
    );
  });

  it('notifies assistant participants of a human message with the bare caller token, never for agent messages (scenario 13, W6)', async () => {
    const id = await group([u2.id, 'assistant:helper']);
    const before = assistantsHook.requests.length;
    await send(u1, id, { content: 'hello' });
    await assistantsHook.waitFor(before + 1);
    const hook = assistantsHook.requests[before]!;
    expect(hook.path).toBe('/api/webhook/messaging');
    expect(hook.headers.authorization).toBe(`Bearer ${u1.token}`);
    expect(hook.body).toMatchObject({
      conversationId: id,
      assistant: { userId: 'assistant:helper', key: 'helper' },
      message: { content: 'hello' },
      orgId: u1.orgId,
    });
    expect(JSON.stringify(hook.body)).not.toContain(u1.token);
    await send(agent, id, { content: 'agent reply' });
    await send(u2, id, { content: 'second human' });
    await assistantsHook.waitFor(before + 2);
    expect((assistantsHook.requests[before + 1]!.body as { message: { content: string } }).message.content).toBe(
      'second human',
    );
    expect(h.logs.text()).not.toContain(u1.token);
  });
});

describe('GET /api/conversations/:id/messages', () => {
  it('pages by sequence, newest page first, always ascending (W12)', async () => {
    const id = await group();
    for (const c of ['1', '2', '3', '4', '5']) await send(u1, id, { content: c });
    const seqs = async (query: string) =>
      (await req('GET', `/api/conversations/${id}/messages${query}`, u1))
        .json()
        .map((m: { sequence: number }) => m.sequence);
    expect(await seqs('?limit=2')).toEqual([4, 5]);
    expect(await seqs('?limit=2&beforeSequence=4')).toEqual([2, 3]);
    expect(await seqs('?limit=2&afterSequence=1')).toEqual([2, 3]);
    expect(await seqs(`?after=${encodeURIComponent(new Date(Date.now() - 60_000).toISOString())}&limit=3`)).toEqual([
      1, 2, 3,
    ]);
    expect(await seqs(`?before=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}&limit=3`)).toEqual([
      3, 4, 5,
    ]);
  });

  it('answers 400 naming bad cursors and limits, 401, 403 to a same-org stranger, 404 to another org', async () => {
    const id = await group([]);
    expect(
      fieldsOf(await req('GET', `/api/conversations/${id}/messages?beforeSequence=2&afterSequence=1`, u1)),
    ).toEqual(['querystring.afterSequence']);
    expect(fieldsOf(await req('GET', `/api/conversations/${id}/messages?limit=500`, u1))).toEqual([
      'querystring.limit',
    ]);
    expect(fieldsOf(await req('GET', `/api/conversations/${id}/messages?before=yesterday`, u1))).toEqual([
      'querystring.before',
    ]);
    expect(refusalOf(await req('GET', `/api/conversations/${id}/messages`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('GET', `/api/conversations/${id}/messages`, u2))).toEqual({
      status: 403,
      code: 'not_a_participant',
    });
    expect(refusalOf(await req('GET', `/api/conversations/${id}/messages`, outsider))).toEqual({
      status: 404,
      code: 'conversation_not_found',
    });
  });
});

describe('PATCH/DELETE /api/conversations/:id/messages/:messageId', () => {
  it('lets only the sender edit and soft-delete (scenario 9 over REST)', async () => {
    const id = await group();
    const m = await send(u1, id, { content: 'draft' });
    const path = `/api/conversations/${id}/messages/${m.id}`;
    const denied = await req('PATCH', path, u2, { content: 'mine now' });
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'not_the_sender' });
    expect(denied.json().error).toBe('Not authorized to edit this message');
    expect((await req('PATCH', path, u1, { content: 'final' })).json().content).toBe('final');
    expect(refusalOf(await req('DELETE', path, u2))).toEqual({ status: 403, code: 'not_the_sender' });
    expect((await req('DELETE', path, u1)).statusCode).toBe(204);
    expect((await req('GET', `/api/conversations/${id}/messages`, u1)).json()).toEqual([]);
    expect(refusalOf(await req('PATCH', path, u1, { content: 'again' }))).toEqual({
      status: 404,
      code: 'message_not_found',
    });
    const row = await h.database.pool.query('select deleted_at from messaging.messages where id = $1', [m.id]);
    expect(row.rows[0].deleted_at).not.toBeNull();
  });

  it('answers 401, 404 to another org, 400 naming bad fields', async () => {
    const id = await group();
    const m = await send(u1, id, { content: 'x' });
    const path = `/api/conversations/${id}/messages/${m.id}`;
    expect(refusalOf(await req('PATCH', path, undefined, { content: 'y' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('PATCH', path, outsider, { content: 'y' }))).toEqual({
      status: 404,
      code: 'message_not_found',
    });
    expect(refusalOf(await req('DELETE', path, outsider))).toEqual({ status: 404, code: 'message_not_found' });
    expect(fieldsOf(await req('PATCH', path, u1, { content: 5 }))).toEqual(['body.content']);
    expect(fieldsOf(await req('DELETE', `/api/conversations/${id}/messages/nope`, u1))).toEqual(['params.messageId']);
  });
});

describe('POST /api/conversations/:id/control', () => {
  it('needs cap:messaging.interrupt, stores the event, and forwards it to assistants (scenario 10, W11)', async () => {
    const id = await group([u2.id, 'assistant:helper']);
    expect(refusalOf(await req('POST', `/api/conversations/${id}/control`, u1, { event: 'stream.pause' }))).toEqual({
      status: 403,
      code: 'control_not_allowed',
    });
    const interrupter = await h.grant(u1, 'cap:messaging.interrupt');
    const before = assistantsHook.requests.length;
    const res = await req('POST', `/api/conversations/${id}/control`, interrupter, {
      event: 'stream.pause',
      reason: 'hold on',
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      content: 'stream.pause',
      content_type: 'event',
      priority: 'high',
      interruptible: false,
    });
    expect(res.json().metadata.control.effectiveAt).toEqual(expect.any(String));
    await assistantsHook.waitFor(before + 1);
    const forwarded = assistantsHook.requests.slice(before).find((r) => r.path === '/api/webhook/control')!;
    expect(forwarded.body).toMatchObject({ conversationId: id, control: { event: 'stream.pause', reason: 'hold on' } });
    // Sent as the messaging service (a service JWT), not as the user.
    const claims = JSON.parse(
      Buffer.from(String(forwarded.headers.authorization).split('.')[1]!, 'base64url').toString(),
    );
    expect(claims).toMatchObject({ typ: 'service', svc: 'messaging' });
    expect(
      refusalOf(await req('POST', `/api/conversations/${id}/control`, interrupter, { event: 'stream.handoff' })),
    ).toEqual({ status: 403, code: 'control_not_allowed' });
    const router = await h.grant(interrupter, 'cap:messaging.route');
    expect(
      (
        await req('POST', `/api/conversations/${id}/control`, router, {
          event: 'stream.handoff',
          target: { principalId: 'assistant:other', principalType: 'agent' },
        })
      ).statusCode,
    ).toBe(201);
  });

  it('refuses forged event names (W7), missing events, another org and anonymous callers', async () => {
    // A grant revokes the tokens issued before it (DESIGN §6), so the conversation is created with the fresh one.
    const admin = await h.grant(u1, 'cap:messaging.interrupt');
    u1 = admin;
    const id = await group();
    const spoof = await req('POST', `/api/conversations/${id}/control`, admin, { event: 'message:new' });
    expect(refusalOf(spoof)).toEqual({ status: 400, code: 'invalid_control_event' });
    expect(fieldsOf(spoof)).toEqual(['body.event']);
    expect(fieldsOf(await req('POST', `/api/conversations/${id}/control`, admin, {}))).toEqual(['body.event']);
    expect(
      refusalOf(await req('POST', `/api/conversations/${id}/control`, outsider, { event: 'stream.pause' })),
    ).toEqual({ status: 404, code: 'conversation_not_found' });
    expect(
      refusalOf(await req('POST', `/api/conversations/${id}/control`, undefined, { event: 'stream.pause' })),
    ).toEqual({ status: 401, code: 'authentication_required' });
  });
});
