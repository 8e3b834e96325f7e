import { signServiceTokenRequest } from '@symbia/auth';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closed, connectSocket, emitAck, record } from '../helpers/socket-client.js';

const entry = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const node = (id: string) => ({ id, name: id, type: 'service', capabilities: [], endpoint: '' });

/** A service JWT from the identity process, proven with the platform secret as a service would (DESIGN §6). */
async function serviceToken(platform: StartedServices, serviceId: string): Promise<string> {
  const res = await fetch(`${platform.urls.identity}/api/auth/service-token`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(
      signServiceTokenRequest({ serviceId, secret: platform.secrets.INTERNAL_SERVICE_SECRET!, now: Date.now() }),
    ),
  });
  return ((await res.json()) as { token: string }).token;
}

let database: TestDatabase;
let platform: StartedServices;
const sockets: Socket[] = [];

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'network_flow' });
  // Two network processes sharing routing over the real NATS server (DESIGN §4), plus the launcher's own
  // `network` entry (services/network/src/main.ts found by id), each on its own port.
  const prefix = `symbia.test.${randomBytes(4).toString('hex')}`;
  const nats = { NATS_URL: process.env.NATS_URL ?? 'nats://127.0.0.1:4222', NATS_SUBJECT_PREFIX: prefix };
  platform = await startServices({
    services: [
      'identity',
      'network',
      { name: 'network-a', entry, tier: 2, env: nats },
      { name: 'network-b', entry, tier: 3, env: nats },
    ],
    databaseUrl: database.url,
    env: { LOG_LEVEL: 'warn' },
  });
}, 120_000);
afterAll(async () => {
  for (const socket of sockets) await closed(socket);
  await platform?.stop();
  await database?.drop();
});

describe('network as a process (src/main.ts)', () => {
  it('starts from the launcher’s entry, reports ready, and routes between service sockets', async () => {
    const url = platform.urls.network!;
    expect((await fetch(`${url}/health/ready`)).status).toBe(200);
    const assistants = await connectSocket(url, await serviceToken(platform, 'assistants'));
    const messaging = await connectSocket(url, await serviceToken(platform, 'messaging'));
    sockets.push(assistants, messaging);
    expect(await emitAck(assistants, 'node:register', node('assistants'))).toMatchObject({ ok: true });
    expect(await emitAck(messaging, 'node:register', node('messaging'))).toMatchObject({ ok: true });
    const received = record(assistants, 'event:received');
    const ack = await emitAck(messaging, 'event:send', {
      payload: { type: 'message.new', data: { text: 'hi' } },
      source: 'messaging',
      runId: 'process-run',
    });
    expect(ack).toMatchObject({ ok: true, trace: { status: 'delivered' } });
    await received.waitFor(1);
  });
});

describe('two network processes over NATS', () => {
  it('delivers an event sent through one process to a node connected to the other', async () => {
    const [a, b] = [platform.urls['network-a']!, platform.urls['network-b']!];
    const assistants = await connectSocket(b, await serviceToken(platform, 'assistants'));
    const messaging = await connectSocket(a, await serviceToken(platform, 'messaging'));
    sockets.push(assistants, messaging);
    expect(await emitAck(assistants, 'node:register', node('assistants'))).toMatchObject({ ok: true });
    expect(await emitAck(messaging, 'node:register', node('messaging'))).toMatchObject({ ok: true });
    const received = record<{ wrapper: { source: string } }>(assistants, 'event:received');
    // The registrations reach the other replica asynchronously; the contract messaging → assistants exists once
    // replica A knows both nodes, which it tells in its topology.
    await expect
      .poll(async () => {
        const ack = await emitAck(messaging, 'sdn:topology');
        return ((ack as unknown as { nodes?: Array<{ id: string }> }).nodes ?? []).map((n) => n.id).sort();
      })
      .toEqual(['assistants', 'messaging']);
    const ack = await emitAck(messaging, 'event:send', {
      payload: { type: 'message.new', data: { text: 'across' } },
      source: 'messaging',
      runId: 'nats-run',
    });
    expect(ack).toMatchObject({ ok: true, trace: { status: 'delivered' } });
    const [event] = await received.waitFor(1);
    expect(event!.wrapper.source).toBe('messaging');
  });
});
