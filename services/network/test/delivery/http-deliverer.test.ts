import type { SandboxEvent } from '@symbia/relay';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHttpDeliverer } from '../../src/delivery/http-deliverer.js';

const event: SandboxEvent = {
  payload: { type: 'a.b', data: { n: 1 } },
  wrapper: {
    id: 'e-1',
    runId: 'run-1',
    timestamp: new Date().toISOString(),
    source: 's',
    path: ['s', 't'],
    boundary: 'intra',
  },
  hash: 'f'.repeat(64),
};

describe('HTTP delivery (network.md §8, network W5, W11)', () => {
  let server: Server;
  let base: string;
  const bodies: string[] = [];
  const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void> = {
    '/ok': (_req, res) => res.writeHead(204).end(),
    '/fail': (_req, res) => res.writeHead(500).end(),
    '/redirect': (_req, res) => res.writeHead(307, { location: '/ok' }).end(),
    '/hang': () => undefined,
  };

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        bodies.push(body);
        routes[req.url ?? '']?.(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const dev = createHttpDeliverer({ timeoutMs: 300, production: false, allowedHosts: [] });

  it('is delivered only on a 2xx answer, with the envelope as the body', async () => {
    expect(await dev.deliver(`${base}/ok`, event)).toBe(true);
    expect(JSON.parse(bodies.at(-1)!)).toEqual(event);
    expect(await dev.deliver(`${base}/fail`, event)).toBe(false);
    expect(await dev.deliver(`${base}/redirect`, event)).toBe(false);
  });

  it('gives up after the timeout instead of hanging', async () => {
    expect(await dev.deliver(`${base}/hang`, event)).toBe(false);
  });

  it('refuses other schemes, link-local addresses, and nonsense', async () => {
    for (const endpoint of ['ftp://127.0.0.1/x', 'http://169.254.169.254/latest', 'not a url', ''])
      expect(await dev.deliver(endpoint, event), endpoint).toBe(false);
  });

  it('refuses loopback in production unless the host is allow-listed', async () => {
    const strict = createHttpDeliverer({ timeoutMs: 300, production: true, allowedHosts: [] });
    expect(await strict.deliver(`${base}/ok`, event)).toBe(false);
    const port = new URL(base).port;
    const listed = createHttpDeliverer({ timeoutMs: 300, production: true, allowedHosts: [`127.0.0.1:${port}`] });
    expect(await listed.deliver(`${base}/ok`, event)).toBe(true);
  });
});
