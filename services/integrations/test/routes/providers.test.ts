import { refusalOfResponse } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, startIntegrations, type Harness, type OrgSession } from '../helpers/integrations-harness.js';

/** A refusal from a fetch Response as `{ status, code }` (the body is read from a clone). */
// Real identity for tokens; the local models service listing is the loopback fake.
let h: Harness;
let user: OrgSession;

const get = (path: string, headers: Record<string, string> = user.headers, base = h.main.url) =>
  fetch(`${base}${path}`, { headers });

beforeAll(async () => {
  h = await startIntegrations();
  user = await h.registerOrgAdmin('Listings');
});
afterAll(() => h?.close());

describe('GET /api/integrations/providers', () => {
  it('lists the four providers with their defaults, to users and to services', async () => {
    const res = await get('/api/integrations/providers');
    expect(res.status).toBe(200);
    const { providers } = (await res.json()) as {
      providers: { id: string; defaultModel: string | null; streaming: boolean; baseUrl: string | null }[];
    };
    expect(providers.map((p) => p.id)).toEqual(['huggingface', 'openai', 'anthropic', 'symbia-labs']);
    expect(providers[0]).toMatchObject({ defaultModel: 'meta-llama/Llama-3.2-3B-Instruct', streaming: true });
    expect(providers[3]).toMatchObject({ defaultModel: null, baseUrl: null });
    expect((await get('/api/integrations/providers', bearer(await h.serviceToken('messaging')))).status).toBe(200);
  });

  it('refuses anonymous callers and a forged token', async () => {
    expect(await refusalOfResponse(await get('/api/integrations/providers', {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(await refusalOfResponse(await get('/api/integrations/providers', bearer('not.a.jwt')))).toEqual({
      status: 401,
      code: 'invalid_token',
    });
  });
});

describe('security headers (integrations.md §16.1)', () => {
  const contract = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'x-xss-protection': '1; mode=block',
    'strict-transport-security': 'max-age=31536000; includeSubDomains',
    'referrer-policy': 'strict-origin-when-cross-origin',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };

  it('are on every response: a listing, a refusal and an unknown route', async () => {
    for (const res of [
      await get('/api/integrations/providers'),
      await get('/api/integrations/providers', {}),
      await get('/api/integrations/nowhere'),
    ]) {
      for (const [name, value] of Object.entries(contract))
        expect([res.status, name, res.headers.get(name)]).toEqual([res.status, name, value]);
    }
  });
});

describe('GET /api/integrations/providers/:provider', () => {
  it('describes one provider, 404 for an unknown one, 401 without auth', async () => {
    expect(await (await get('/api/integrations/providers/anthropic')).json()).toMatchObject({
      id: 'anthropic',
      operations: ['chat.completions', 'messages'],
      needsCredential: true,
    });
    const unknown = await get('/api/integrations/providers/cohere');
    expect(await refusalOfResponse(unknown)).toEqual({ status: 404, code: 'not_found' });
    expect(await unknown.json()).toMatchObject({ error: 'Unknown provider: cohere' });
    expect(await refusalOfResponse(await get('/api/integrations/providers/anthropic', {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('answers 404 not_found for prototype names used as provider ids', async () => {
    for (const id of ['__proto__', 'constructor', 'toString', 'hasOwnProperty']) {
      for (const path of [`/api/integrations/providers/${id}`, `/api/integrations/providers/${id}/models`]) {
        const res = await get(path);
        expect(await refusalOfResponse(res), path).toEqual({ status: 404, code: 'not_found' });
        expect(await res.json(), path).toMatchObject({ code: 'not_found', error: `Unknown provider: ${id}` });
      }
    }
  });
});

describe('GET /api/integrations/providers/:provider/models', () => {
  it("lists static models filtered by capability, and the local service's live list", async () => {
    const openai = (await (await get('/api/integrations/providers/openai/models?capability=embedding')).json()) as {
      models: { id: string }[];
    };
    expect(openai.models.map((m) => m.id)).toEqual(['text-embedding-3-small', 'text-embedding-3-large']);
    const local = (await (await get('/api/integrations/providers/symbia-labs/models')).json()) as { models: unknown[] };
    expect(local.models).toEqual([
      {
        id: 'tiny-q4',
        name: 'Tiny',
        description: 'Local GGUF model (512MB)',
        contextWindow: 4096,
        capabilities: ['chat', 'completion'],
        inputPricing: 0,
        outputPricing: 0,
      },
    ]);
  });

  it('answers 503 naming MODELS_SERVICE_URL when the local service is down, 400 for a bad capability, 401 without auth', async () => {
    const offline = await h.start({ MODELS_SERVICE_URL: 'http://127.0.0.1:9' });
    const down = await get('/api/integrations/providers/symbia-labs/models', user.headers, offline.url);
    expect(await refusalOfResponse(down)).toEqual({ status: 503, code: 'provider_unavailable' });
    expect(((await down.json()) as { error: string }).error).toContain('MODELS_SERVICE_URL');
    const bad = await get('/api/integrations/providers/openai/models?capability=telepathy');
    expect(await refusalOfResponse(bad)).toEqual({ status: 400, code: 'validation_failed' });
    expect(((await bad.json()) as { details: { field: string }[] }).details[0]!.field).toMatch(
      /^querystring\.capability/,
    );
    expect(await refusalOfResponse(await get('/api/integrations/providers/openai/models', {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });
});

describe('GET /api/integrations/models', () => {
  it('groups models by provider for a purpose and names providers that could not list', async () => {
    const chat = (await (await get('/api/integrations/models?purpose=chat')).json()) as {
      models: Record<string, { id: string }[]>;
      all: { provider: string }[];
      unavailable: string[];
    };
    expect(Object.keys(chat.models)).toEqual(['huggingface', 'openai', 'anthropic', 'symbia-labs']);
    expect(chat.all.every((m) => typeof m.provider === 'string')).toBe(true);
    const offline = await h.start({ MODELS_SERVICE_URL: 'http://127.0.0.1:9' });
    const partial = (await (
      await get('/api/integrations/models?purpose=embedding', user.headers, offline.url)
    ).json()) as { models: Record<string, unknown>; unavailable: string[] };
    expect(Object.keys(partial.models)).toEqual(['huggingface', 'openai']);
    expect(partial.unavailable).toEqual(['symbia-labs']);
  });

  it('rejects an unknown purpose (400) and anonymous callers (401)', async () => {
    expect(await refusalOfResponse(await get('/api/integrations/models?purpose=dreams'))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect(await refusalOfResponse(await get('/api/integrations/models', {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });
});

describe('GET /docs/openapi.json', () => {
  it('documents the execute and listing routes from their zod schemas', async () => {
    const res = await get('/docs/openapi.json', {});
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { paths: Record<string, Record<string, { requestBody?: unknown }>> };
    expect(doc.paths['/api/integrations/execute']!.post!.requestBody).toBeDefined();
    expect(doc.paths['/api/internal/execute']!.post).toBeDefined();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/api/integrations/providers',
        '/api/integrations/providers/{provider}/models',
        '/api/integrations/models',
      ]),
    );
  });
});
