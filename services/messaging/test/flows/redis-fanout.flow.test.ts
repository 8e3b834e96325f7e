import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, connectSocket, emitAck, record } from '../helpers/socket-client.js';

// Redis runs on 127.0.0.1:6379 on development machines and in CI.
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const entry = fileURLToPath(new URL('../../src/main.ts', import.meta.url));

let database: TestDatabase;
let platform: StartedServices;
let a: string;
let b: string;
const sockets: Socket[] = [];

interface User {
  id: string;
  token: string;
  orgId: string;
  email: string;
}

async function identity(path: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(`${platform.urls.identity}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

async function register(orgName: string): Promise<User> {
  const email = `r-${randomBytes(4).toString('hex')}@example.test`;
  const body = (await identity('/api/auth/register', {
    email,
    password: 'correct horse battery',
    name: orgName,
    orgName,
  })) as { token: string; user: { id: string }; organization: { id: string } };
  return { id: body.user.id, token: body.token, orgId: body.organization.id, email };
}

async function rest(base: string, method: 'POST' | 'DELETE', path: string, user: User, body?: unknown) {
  const res = await fetch(`${base}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      ...(body !== undefined && { 'content-type': 'application/json' }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(res.status, await res.clone().text()).toBeLessThan(300);
  return (res.status === 204 ? {} : await res.json()) as Record<string, unknown> & { id: string };
}

const connect = async (url: string, user: User) => {
  const socket = await connectSocket(url, { token: user.token });
  sockets.push(socket);
  return socket;
};

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'msg_redis' });
  const shared = { REDIS_URL, SOCKET_REDIS_KEY: `symbia:test:${randomBytes(6).toString('hex')}`, LOG_LEVEL: 'warn' };
  platform = await startServices({
    services: [
      'identity',
      { name: 'messaging-a', entry, tier: 2, env: shared },
      { name: 'messaging-b', entry, tier: 2, env: shared },
    ],
    databaseUrl: database.url,
    env: { ARGON2_MEMORY_KIB: '256', ARGON2_TIME_COST: '1', LOG_LEVEL: 'warn' },
  });
  a = platform.urls['messaging-a']!;
  b = platform.urls['messaging-b']!;
});
afterAll(async () => {
  await Promise.all(sockets.map(closed));
  await platform?.stop();
  await database?.drop();
});

describe('two messaging processes sharing rooms through Redis', () => {
  it('delivers, evicts and tracks presence across replicas', async () => {
    const u1 = await register('O1');
    const home = await register('U2 home');
    await identity(`/api/orgs/${u1.orgId}/members/invite`, { email: home.email, role: 'member' }, u1.token);
    const u2 = {
      ...home,
      token: (
        (await identity('/api/auth/login', { email: home.email, password: 'correct horse battery' })) as {
          token: string;
        }
      ).token,
    };

    const u2OnA = await connect(a, u2);
    const u2OnB = await connect(b, u2);
    const u1OnB = await connect(b, u1);
    const newsOnB = record(u2OnB, 'message:new');

    // Created on A: u2's socket on B joins the room through the adapter (W8 across replicas).
    const conv = await rest(a, 'POST', '/api/conversations', u1, {
      type: 'group',
      name: 'Fan-out',
      participants: [{ userId: u2.id }],
    });
    const keep = await rest(a, 'POST', '/api/conversations', u1, {
      type: 'group',
      name: 'Marker',
      participants: [{ userId: u2.id }],
    });
    const sent = await rest(a, 'POST', `/api/conversations/${conv.id}/messages`, u1, { content: 'from A' });
    expect((await newsOnB.waitFor(1))[0]).toEqual(sent);

    // A socket on A is heard by a socket on B.
    const typing = record(u1OnB, 'typing:started');
    expect((await emitAck(u2OnA, 'typing:start', conv.id)).success).toBe(true);
    expect((await typing.waitFor(1))[0]).toMatchObject({ conversationId: conv.id, userId: u2.id });

    // Removed through B: u2's sockets on both replicas stop receiving at once.
    const newsOnA = record(u2OnA, 'message:new');
    await rest(b, 'DELETE', `/api/conversations/${conv.id}/participants/${u2.id}`, u1);
    await rest(a, 'POST', `/api/conversations/${conv.id}/messages`, u1, { content: 'after removal' });
    await rest(b, 'POST', `/api/conversations/${keep.id}/messages`, u1, { content: 'marker' });
    expect((await newsOnA.waitFor(1)).map((m) => m.content)).toEqual(['marker']);
    expect((await newsOnB.waitFor(2)).map((m) => m.content)).toEqual(['from A', 'marker']);

    // Offline only once u2's last socket, on either replica, is gone (W13).
    const presence = record(u1OnB, 'presence:changed');
    await closed(u2OnA);
    await closed(u2OnB);
    expect((await presence.waitFor(1))[0]).toMatchObject({ userId: u2.id, status: 'offline' });
    expect(presence.seen).toHaveLength(1);
  });
});
