import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchAsService, type ServiceTokenSource } from '../../src/index.js';

/** A peer that accepts only the bearer token in `accepted`, and records what it was sent. */
let server: Server;
let url: string;
let accepted = 'token-2';
const seen: { authorization?: string; custom?: string }[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push({ authorization: req.headers.authorization, custom: req.headers['x-custom'] as string | undefined });
    const ok = req.headers.authorization === `Bearer ${accepted}`;
    res
      .writeHead(ok ? 200 : 401, { 'content-type': 'application/json' })
      .end(JSON.stringify(ok ? { ok: true } : { code: 'unauthorized' }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/peer`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Hands out token-1, token-2, … and moves on only after `invalidate`, like ServiceTokenClient's cache. */
function tokenSource(): ServiceTokenSource & { invalidations: number } {
  let n = 1;
  const source = {
    invalidations: 0,
    getToken: async () => `token-${n}`,
    invalidate: () => {
      n += 1;
      source.invalidations += 1;
    },
  };
  return source;
}

beforeEach(() => {
  seen.length = 0;
  accepted = 'token-2';
});

describe('fetchAsService', () => {
  it('retries once with a fresh token when the peer refuses the cached one', async () => {
    const tokens = tokenSource();
    const res = await fetchAsService(tokens, url, { headers: { 'x-custom': 'kept' } });
    expect(res.status).toBe(200);
    expect(tokens.invalidations).toBe(1);
    expect(seen).toEqual([
      { authorization: 'Bearer token-1', custom: 'kept' },
      { authorization: 'Bearer token-2', custom: 'kept' },
    ]);
  });

  it('answers the second 401 as it is, without a third attempt', async () => {
    accepted = 'never';
    const tokens = tokenSource();
    const res = await fetchAsService(tokens, url);
    expect(res.status).toBe(401);
    expect(((await res.json()) as { code?: string }).code).toBe('unauthorized');
    expect(seen).toHaveLength(2);
  });

  it('sends one request when the token is accepted', async () => {
    accepted = 'token-1';
    const tokens = tokenSource();
    expect((await fetchAsService(tokens, url)).status).toBe(200);
    expect(tokens.invalidations).toBe(0);
    expect(seen).toHaveLength(1);
  });

  it("lets a caller's authorization header never win over the service token", async () => {
    accepted = 'token-1';
    await fetchAsService(tokenSource(), url, { headers: { authorization: 'Bearer forged' } });
    expect(seen[0]?.authorization).toBe('Bearer token-1');
  });
});
