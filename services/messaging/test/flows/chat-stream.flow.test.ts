import { openMigratedDatabase } from '@symbia/db';
import type { ServiceApp } from '@symbia/kit';
import {
  ANSWER,
  createTestDatabase,
  startFakeHuggingFace,
  startServices,
  type FakeHuggingFace,
  type StartedServices,
  type TestDatabase,
} from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadMessagingConfig } from '../../src/config.js';
import { messagingDatabase } from '../../src/db/db.js';

let database: TestDatabase;
let platform: StartedServices;
let fake: FakeHuggingFace;
let messaging: string;
let unconfigured: ServiceApp;

type Frame = Record<string, unknown>;

/** The website's way of reading the chat (website-and-cli.md A6): frames as they arrive, one at a time. */
async function openChat(base: string, body: unknown, signal?: AbortSignal) {
  const res = await fetch(`${base}/api/messaging/send`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  const next = async (): Promise<Frame | null> => {
    for (;;) {
      const end = buffer.indexOf('\n\n');
      if (end !== -1) {
        const event = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        if (event.startsWith('data: ')) return JSON.parse(event.slice(6)) as Frame;
        continue;
      }
      const { value, done } = await reader.read();
      if (done) return null;
      buffer += decoder.decode(value, { stream: true });
    }
  };
  const rest = async () => {
    const frames: Frame[] = [];
    for (let f = await next(); f !== null; f = await next()) frames.push(f);
    return frames;
  };
  return { res, next, rest };
}

beforeAll(async () => {
  fake = await startFakeHuggingFace();
  database = await createTestDatabase({ prefix: 'msg_chat' });
  platform = await startServices({
    services: ['identity', 'catalog', 'integrations', 'messaging'],
    databaseUrl: database.url,
    env: {
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      HUGGINGFACE_BASE_URL: fake.url,
      HUGGINGFACE_API_KEY: fake.apiKey,
    },
    readyTimeoutMs: 60_000,
  });
  messaging = platform.urls.messaging!;
  // The same platform, seen by a messaging whose chat provider has no key on the integrations side.
  const config = loadMessagingConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'warn',
    DATABASE_URL: database.url,
    IDENTITY_SERVICE_URL: platform.urls.identity,
    CATALOG_SERVICE_URL: platform.urls.catalog,
    INTEGRATIONS_SERVICE_URL: platform.urls.integrations,
    INTERNAL_SERVICE_SECRET: platform.secrets.INTERNAL_SERVICE_SECRET,
    DEMO_CHAT_PROVIDER: 'openai',
    DEMO_CHAT_MODEL: 'gpt-4o-mini',
  });
  const db = await openMigratedDatabase(messagingDatabase, { url: database.url, max: 2 });
  unconfigured = await buildApp({ config, database: db });
}, 180_000);
afterAll(async () => {
  await unconfigured?.close();
  await platform?.stop();
  await fake?.close();
  await database?.drop();
});

describe('website chat through the real integrations service (fake HuggingFace upstream)', () => {
  it('streams the answer token by token with the catalog prompt, then done (scenario 16)', async () => {
    const chat = await openChat(messaging, { channel: 'website-demo', content: 'hi there', assistant: 'coordinator' });
    expect(chat.res.status).toBe(200);
    expect(chat.res.headers.get('content-type')).toContain('text/event-stream');
    expect(chat.res.headers.get('x-accel-buffering')).toBe('no');
    const frames = await chat.rest();
    expect(frames.at(-1)).toEqual({ done: true });
    const tokens = frames.slice(0, -1).map((f) => f.content);
    expect(tokens.join('')).toBe(ANSWER.join(''));
    expect(tokens.length).toBeGreaterThan(1);
    const upstream = fake.requests.at(-1)!;
    expect(upstream.body).toMatchObject({ model: 'meta-llama/Llama-3.2-3B-Instruct', stream: true });
    expect(upstream.body.messages[0]).toMatchObject({
      role: 'system',
      content: expect.stringContaining('The front door'),
    });
    expect(upstream.body.messages[1]).toEqual({ role: 'user', content: 'hi there' });
  });

  it('delivers frames before the upstream has finished', async () => {
    const chat = await openChat(messaging, { content: 'hold:early', assistant: 'coordinator' });
    expect(await chat.next()).toEqual({ content: ANSWER[0] });
    expect(await chat.next()).toEqual({ content: ANSWER[1] });
    expect(fake.finished('early')).toBe(false);
    fake.release('early');
    const rest = await chat.rest();
    expect(rest.at(-1)).toEqual({ done: true });
    expect(fake.finished('early')).toBe(true);
  });

  it('cancels the upstream call when the browser goes away', async () => {
    const controller = new AbortController();
    const chat = await openChat(messaging, { content: 'hold:gone', assistant: 'coordinator' }, controller.signal);
    expect(await chat.next()).toEqual({ content: ANSWER[0] });
    controller.abort();
    await fake.aborted('gone');
    expect(fake.finished('gone')).toBe(false);
    fake.release('gone');
  });

  it('ends with one error frame and no done frame when the model fails (scenario 17)', async () => {
    const frames = await (await openChat(messaging, { content: 'fail' })).rest();
    expect(frames).toHaveLength(1);
    expect(frames[0]).toMatchObject({ error: 'LLM request failed', details: expect.any(String) });
  });

  it('says in one clear error frame that no provider key is configured', async () => {
    const url = await unconfigured.listen({ host: '127.0.0.1', port: 0 });
    const frames = await (await openChat(url, { content: 'hi' })).rest();
    expect(frames).toEqual([{ error: 'The chat model is not configured', details: expect.stringContaining('openai') }]);
  });
});
