import { refusalOf } from '@symbia/testing';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceApp } from '@symbia/kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startMessaging, type Harness } from '../helpers/messaging-harness.js';

let h: Harness;
let limited: ServiceApp;
let blackhole: Server;

const framesOf = (body: string) =>
  body
    .split('\n\n')
    .filter((chunk) => chunk.startsWith('data: '))
    .map((chunk) => JSON.parse(chunk.slice(6)) as Record<string, unknown>);
const chat = (app: ServiceApp, payload: unknown, headers: Record<string, string> = {}, url = '/api/messaging/send') =>
  app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/json', ...headers },
    payload: JSON.stringify(payload),
  });

beforeAll(async () => {
  // A catalog that accepts connections and never answers: the lookup must give up (W1) and use the default prompt.
  blackhole = createServer(() => {});
  await new Promise<void>((resolve) => blackhole.listen(0, '127.0.0.1', resolve));
  const hanging = `http://127.0.0.1:${(blackhole.address() as AddressInfo).port}`;
  h = await startMessaging({ env: { CATALOG_SERVICE_URL: hanging, DEMO_CHAT_CATALOG_TIMEOUT_MS: '200' } });
  limited = await h.buildAnother({ DEMO_CHAT_RATE_PER_MINUTE: '2' });
});
afterAll(async () => {
  await h?.close();
  blackhole?.closeAllConnections();
  await new Promise<void>((resolve) => blackhole?.close(() => resolve()));
});

describe('POST /api/messaging/send and /api/send', () => {
  it('answers 400 JSON naming the field before any streaming (scenario 17)', async () => {
    for (const url of ['/api/messaging/send', '/api/send']) {
      const empty = await chat(h.app, {}, {}, url);
      expect(refusalOf(empty)).toEqual({ status: 400, code: 'validation_failed' });
      expect(empty.headers['content-type']).toContain('application/json');
      expect(fieldsOf(empty)).toEqual(['body.content']);
    }
    expect(fieldsOf(await chat(h.app, { content: '   ' }))).toEqual(['body.content']);
    expect(fieldsOf(await chat(h.app, { content: 'x'.repeat(4_001) }))).toEqual(['body.content']);
    expect(fieldsOf(await chat(h.app, { content: 'hi', assistant: 'bad key!' }))).toEqual(['body.assistant']);
  });

  it('streams an error frame when integrations is unreachable, after a bounded catalog lookup (scenario 17, W1)', async () => {
    const res = await chat(h.app, { content: 'hello', assistant: 'echo' }, {}, '/api/send');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.headers['x-accel-buffering']).toBe('no');
    expect(res.headers['x-symbia-prompt-source']).toBe('default');
    expect(res.headers['x-symbia-reply-source']).toBe('llm-fallback');
    const frames = framesOf(res.body);
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ error: 'Chat failed', details: expect.any(String) });
  });

  it('limits each client and lets a signed-in caller use their own budget (W1)', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i += 1) statuses.push((await chat(limited, { content: 'hi' })).statusCode);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await chat(limited, { content: 'hi' });
    expect(refused.headers['retry-after']).toEqual(expect.any(String));
    expect(refused.json().code).toBe('rate_limited');
    const user = await h.registerOrgUser('Chatty');
    expect((await chat(limited, { content: 'hi' }, user.headers)).statusCode).toBe(200);
    // A stale credential is read as anonymous, so it shares the anonymous budget rather than failing with 401.
    expect(refusalOf(await chat(limited, { content: 'hi' }, { authorization: 'Bearer stale.token.here' }))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
  });

  it('is off with DEMO_CHAT_ENABLED=false', async () => {
    const off = await h.buildAnother({ DEMO_CHAT_ENABLED: 'false' });
    const res = await chat(off, { content: 'hi' });
    expect(refusalOf(res)).toEqual({ status: 503, code: 'chat_disabled' });
    expect(res.json().code).toBe('chat_disabled');
  });
});
