import type { ServiceApp } from '@symbia/kit';
import { buildTestService } from '@symbia/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANSWER, fieldsOf, injector, refusalOf, startFakeHuggingFace, startFakeLlm } from '../src/index.js';

const sseData = (text: string) =>
  text
    .split('\n\n')
    .filter((f) => f.includes('data: '))
    .map((f) => f.slice(f.indexOf('data: ') + 6));

describe('fake LLM upstreams', () => {
  it('HuggingFace: streams ANSWER as chat.completion.chunk SSE ending in [DONE], and refuses a wrong key', async () => {
    const fake = await startFakeHuggingFace({ apiKey: 'hf_k' });
    try {
      const ask = (key: string, content: string) =>
        fetch(`${fake.url}/v1/chat/completions`, {
          method: 'POST',
          headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
          body: JSON.stringify({ model: 'm', stream: true, messages: [{ role: 'user', content }] }),
        });
      expect((await ask('hf_wrong', 'hi')).status).toBe(401);
      const data = sseData(await (await ask('hf_k', 'hi')).text());
      expect(data.at(-1)).toBe('[DONE]');
      const tokens = data
        .slice(0, -1)
        .map((d) => (JSON.parse(d) as { choices: { delta: { content?: string } }[] }).choices[0]!.delta.content ?? '');
      expect(tokens.join('')).toBe(ANSWER.join(''));
      expect((await ask('hf_k', 'fail')).status).toBe(500);
      expect(fake.requests.map((r) => r.body.messages.at(-1)!.content)).toEqual(['hi', 'fail']);
    } finally {
      await fake.close();
    }
  });

  it('providers: Anthropic named events and OpenAI chunks with usage, each refusing an unknown key in its own format', async () => {
    const fake = await startFakeLlm();
    fake.validKeys.add('sk-ant').add('sk-oa');
    try {
      const anthropic = (key: string) =>
        fetch(`${fake.url}/anthropic/v1/messages`, {
          method: 'POST',
          headers: { 'x-api-key': key },
          body: JSON.stringify({ model: 'ok', stream: true, messages: [] }),
        });
      const refused = await anthropic('nope');
      expect(refused.status).toBe(401);
      expect(await refused.json()).toMatchObject({ type: 'error', error: { type: 'authentication_error' } });
      const events = (await (await anthropic('sk-ant')).text())
        .split('\n\n')
        .filter(Boolean)
        .map((f) => f.split('\n')[0]);
      expect(events[0]).toBe('event: message_start');
      expect(events.at(-1)).toBe('event: message_stop');

      const openai = await fetch(`${fake.url}/openai/v1/chat/completions`, {
        method: 'POST',
        headers: { authorization: 'Bearer sk-oa' },
        body: JSON.stringify({ model: 'ok', stream: true, messages: [] }),
      });
      const data = sseData(await openai.text());
      expect(data.at(-1)).toBe('[DONE]');
      expect(JSON.parse(data.at(-2)!)).toMatchObject({ usage: { total_tokens: 18 } });
      expect(fake.requestsFor('ok').map((r) => r.path)).toEqual([
        '/anthropic/v1/messages',
        '/anthropic/v1/messages',
        '/openai/v1/chat/completions',
      ]);
    } finally {
      await fake.close();
    }
  });
});

describe('request helpers', () => {
  let app: ServiceApp;
  beforeAll(async () => {
    ({ app } = await buildTestService());
  });
  afterAll(() => app?.close());

  it('injector sends the session bearer and JSON; refusalOf and fieldsOf read the error envelope', async () => {
    const req = injector(() => app);
    const missing = await req('GET', '/no/such/route', { headers: { authorization: 'Bearer x' } });
    expect(refusalOf(missing)).toEqual({ status: 404, code: 'route_not_found' });
    expect(fieldsOf(missing)).toEqual([]);
    const invalid = await req('POST', '/api/items', undefined, { name: '', quantity: 1 });
    expect(refusalOf(invalid)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(invalid)).toEqual(['body.name']);
    expect((await req('POST', '/api/items', undefined, { name: 'x', quantity: 2 })).statusCode).toBe(201);
    expect(refusalOf({ statusCode: 502, json: () => JSON.parse('not json') })).toEqual({
      status: 502,
      code: undefined,
    });
  });
});
