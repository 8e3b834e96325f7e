import { io as connect, type Socket } from 'socket.io-client';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServiceApp } from '../src/index.js';
import { createSocketServer } from '../src/socket/index.js';
import { buildTestService } from '../src/testing/index.js';

let app: ServiceApp | undefined;
const sockets: Socket[] = [];
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.close();
  await app?.close();
  app = undefined;
});

async function listening(): Promise<string> {
  ({ app } = await buildTestService());
  const config = { corsAllowedOrigins: ['https://app.example.com'], isProduction: false, bodyLimitBytes: 1024 };
  createSocketServer(app, { config, pingIntervalMs: 25_000, pingTimeoutMs: 20_000 });
  return app.listen({ host: '127.0.0.1', port: 0 });
}

const connected = (url: string): Promise<Socket> => {
  const socket = connect(url, { transports: ['websocket'], reconnection: false, forceNew: true });
  sockets.push(socket);
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
};

/** The engine's first long-polling request, as a browser at `origin` would send it. */
const pollFrom = (url: string, origin: string) =>
  fetch(`${url}/socket.io/?EIO=4&transport=polling`, { headers: { origin } });

describe('createSocketServer', () => {
  it('serves Socket.IO at /socket.io to a client that sends no Origin', async () => {
    const socket = await connected(await listening());
    expect(socket.connected).toBe(true);
  });

  it('allows browsers only from the CORS allow-list, with credentials (messaging W16)', async () => {
    const url = await listening();
    const allowed = await pollFrom(url, 'https://app.example.com');
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com');
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true');
    await allowed.text();

    const refused = await pollFrom(url, 'https://evil.example.com');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    await refused.text();
  });

  it('disconnects its sockets when the app closes', async () => {
    const socket = await connected(await listening());
    const gone = new Promise<string>((resolve) => socket.once('disconnect', resolve));
    await app!.close();
    app = undefined;
    expect(await gone).toBeTypeOf('string');
    expect(socket.connected).toBe(false);
  });
});
