import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import { createFixedWindowLimiter, type ServiceApp } from '../src/index.js';
import { createSocketServer, onSocketEvent } from '../src/socket/index.js';
import { buildTestService } from '../src/testing/index.js';

type Answer = { ok: boolean; value?: unknown; code?: string };

let app: ServiceApp | undefined;
let client: Socket | undefined;
afterEach(async () => {
  client?.close();
  await app?.close();
  app = undefined;
});

/** A server whose `echo` event answers its payload, refuses `{ fail: 'sync' | 'async' }`, and allows `max` events. */
async function connected(max = 100): Promise<Socket> {
  ({ app } = await buildTestService());
  const config = { corsAllowedOrigins: [], isProduction: false, bodyLimitBytes: 1024 };
  const io = createSocketServer(app, { config, pingIntervalMs: 25_000, pingTimeoutMs: 20_000 });
  const limiter = createFixedWindowLimiter({ windowMs: 60_000, max });
  io.on('connection', (socket) =>
    onSocketEvent<Answer>(socket, 'echo', {
      limiter,
      rateLimited: { ok: false, code: 'rate_limited' },
      handle: (payload) => {
        const fail = (payload as { fail?: string } | null)?.fail;
        if (fail === 'sync') throw new Error('refused');
        if (fail === 'async') return Promise.reject(new Error('refused'));
        return { ok: true, value: payload };
      },
      failure: (error) => ({ ok: false, code: error instanceof Error ? error.message : 'unknown' }),
    }),
  );
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  client = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  const socket = client;
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket;
}

const ask = (socket: Socket, payload: unknown) => socket.timeout(5_000).emitWithAck('echo', payload) as Promise<Answer>;

describe('onSocketEvent', () => {
  it('sends the handler’s answer to the ack', async () => {
    const socket = await connected();
    expect(await ask(socket, { n: 1 })).toEqual({ ok: true, value: { n: 1 } });
  });

  it('answers what the handler throws or rejects with the failure answer', async () => {
    const socket = await connected();
    expect(await ask(socket, { fail: 'sync' })).toEqual({ ok: false, code: 'refused' });
    expect(await ask(socket, { fail: 'async' })).toEqual({ ok: false, code: 'refused' });
    expect(await ask(socket, null)).toEqual({ ok: true, value: null });
  });

  it('acts silently without an ack, even on a refusal, and keeps serving the socket', async () => {
    const socket = await connected();
    socket.emit('echo', { fail: 'sync' });
    socket.emit('echo', { n: 2 });
    expect(await ask(socket, { n: 3 })).toEqual({ ok: true, value: { n: 3 } });
  });

  it('answers the rate-limited refusal past the limiter’s allowance', async () => {
    const socket = await connected(2);
    expect((await ask(socket, 1)).ok).toBe(true);
    expect((await ask(socket, 2)).ok).toBe(true);
    expect(await ask(socket, 3)).toEqual({ ok: false, code: 'rate_limited' });
  });
});
