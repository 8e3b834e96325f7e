import { refusalOfResponse } from '@symbia/testing';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionLogs } from '../../src/db/schema.js';
import {
  PLATFORM_KEYS,
  bearer,
  contentOf,
  eventually,
  readFrames,
  startIntegrations,
  type Frame,
  type Harness,
  type IntegrationsInstance,
} from '../helpers/integrations-harness.js';

/** A refusal from a fetch Response as `{ status, code }` (the body is read from a clone). */
// Real identity (service tokens), real PostgreSQL; the LLM providers are the loopback fake (test/helpers/fake-llm.ts).
let h: Harness;
let messaging: { authorization: string };

const post = (
  instance: IntegrationsInstance,
  body: unknown,
  headers: Record<string, string> = messaging,
  signal?: AbortSignal,
) =>
  fetch(`${instance.url}/api/internal/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
    signal,
  });

const chat = (provider: string, model: string, extra: Record<string, unknown> = {}) => ({
  provider,
  operation: 'chat.completions',
  stream: true,
  params: {
    model,
    messages: [
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ],
    temperature: 0.7,
    maxTokens: 512,
  },
  ...extra,
});

const logRow = (requestId: string) =>
  eventually(
    async () => (await h.database.db.select().from(executionLogs).where(eq(executionLogs.requestId, requestId)))[0],
  );

beforeAll(async () => {
  h = await startIntegrations();
  messaging = bearer(await h.serviceToken('messaging'));
});
afterAll(() => h?.close());

describe('POST /api/internal/execute: who may call', () => {
  it('refuses no token (401), forged internal headers (401), user tokens (403) and services outside the allow-list (403)', async () => {
    const body = chat('huggingface', 'ok');
    expect(await refusalOfResponse(await post(h.main, body, {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(await refusalOfResponse(await post(h.main, { nonsense: true }, {}))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      await refusalOfResponse(await post(h.main, body, { 'x-service-id': 'messaging', 'x-internal-auth': 'anything' })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    const user = await h.registerOrgAdmin('Svc test');
    const asUser = await post(h.main, body, user.headers);
    expect(await refusalOfResponse(asUser)).toEqual({ status: 403, code: 'insufficient_permissions' });
    const asModels = await post(h.main, body, bearer(await h.serviceToken('models')));
    expect(await refusalOfResponse(asModels)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(await asModels.json()).toMatchObject({ success: false, category: 'auth', retryable: false });
    expect(h.fake.requestsFor('ok').length).toBe(0);
  });
});

describe('POST /api/internal/execute: streaming', () => {
  it("streams messaging's HuggingFace request as normalized frames, with the platform key and explicit field mapping", async () => {
    const res = await post(h.main, chat('huggingface', 'meta-llama/Llama-3.2-3B-Instruct'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('text/event-stream');
    // The stream is written past Fastify's reply: the kit's headers must still be on it.
    expect(res.headers.get('cache-control')).toBe('no-cache, no-transform');
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('x-xss-protection')).toBe('1; mode=block');
    expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const frames = await readFrames(res);
    expect(frames.filter((f) => f.type === 'content').length).toBe(3);
    expect(contentOf(frames)).toBe('Hello from the fake');
    const done = frames.at(-1)!;
    expect(done).toMatchObject({
      type: 'done',
      done: true,
      provider: 'huggingface',
      model: 'meta-llama/Llama-3.2-3B-Instruct',
      finishReason: 'stop',
      requestId: res.headers.get('x-request-id'),
    });
    expect((done.usage as { completionTokens: number }).completionTokens).toBeGreaterThan(0);
    const [upstream] = h.fake.requestsFor('meta-llama/Llama-3.2-3B-Instruct');
    expect(upstream!.path).toBe('/hf/v1/chat/completions');
    expect(upstream!.headers.authorization).toBe(`Bearer ${PLATFORM_KEYS.hf}`);
    expect(upstream!.body).toEqual({
      model: 'meta-llama/Llama-3.2-3B-Instruct',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 512,
      temperature: 0.7,
      stream: true,
    });
    const row = await logRow(res.headers.get('x-request-id')!);
    expect(row).toMatchObject({
      callerType: 'service',
      callerId: 'messaging',
      provider: 'huggingface',
      stream: true,
      success: true,
      credentialSource: 'platform',
      usageEstimated: true,
    });
  });

  it('answers one flat JSON document without stream (messaging reads `content`)', async () => {
    const res = await post(h.main, chat('huggingface', 'ok', { stream: false }));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toMatchObject({
      provider: 'huggingface',
      content: 'Hello from the fake',
      finishReason: 'stop',
      requestId: res.headers.get('x-request-id'),
    });
    expect(typeof body.durationMs).toBe('number');
  });

  it('streams OpenAI tool calls as tool_call frames and assembles them in the done frame', async () => {
    const tools = [
      {
        type: 'function',
        function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ];
    const res = await post(
      h.main,
      chat('openai', 'tool', { params: { model: 'tool', prompt: 'Weather in Paris?', tools, toolChoice: 'auto' } }),
    );
    const frames = await readFrames(res);
    const calls = frames.filter((f) => f.type === 'tool_call');
    expect(calls[0]).toMatchObject({ index: 0, id: 'call_1', name: 'get_weather' });
    expect(calls.map((c) => c.arguments).join('')).toBe('{"city":"Paris"}');
    expect(frames.at(-1)).toMatchObject({
      type: 'done',
      finishReason: 'tool_calls',
      usage: { promptTokens: 11, completionTokens: 7, totalTokens: 18 },
    });
    expect((frames.at(-1)!.toolCalls as unknown[])[0]).toEqual({
      id: 'call_1',
      type: 'function',
      function: { name: 'get_weather', arguments: '{"city":"Paris"}' },
    });
    const upstream = h.fake.requestsFor('tool').at(-1)!.body;
    expect(upstream).toMatchObject({ tools, tool_choice: 'auto', stream_options: { include_usage: true } });
    expect(Object.keys(upstream).some((k) => /[A-Z]/.test(k))).toBe(false);
  });

  it('translates Anthropic messages SSE (system prompt, text deltas, tool_use blocks)', async () => {
    const res = await post(h.main, chat('anthropic', 'ok'));
    const frames = await readFrames(res);
    expect(contentOf(frames)).toBe('Hello from the fake');
    expect(frames.at(-1)).toMatchObject({
      type: 'done',
      provider: 'anthropic',
      finishReason: 'stop',
      usage: { promptTokens: 9, completionTokens: 5, totalTokens: 14 },
    });
    const upstream = h.fake.requestsFor('ok').find((r) => r.path === '/anthropic/v1/messages')!;
    expect(upstream.headers['x-api-key']).toBe(PLATFORM_KEYS.anthropic);
    expect(upstream.headers['anthropic-version']).toBe('2023-06-01');
    expect(upstream.body).toMatchObject({
      system: 'Be brief.',
      messages: [{ role: 'user', content: 'Hi' }],
      max_tokens: 512,
      stream: true,
    });

    const toolRes = await post(
      h.main,
      chat('anthropic', 'tool', {
        params: {
          model: 'tool',
          prompt: 'Weather?',
          tools: [{ name: 'get_weather', input_schema: { type: 'object' } }],
        },
      }),
    );
    const toolFrames = await readFrames(toolRes);
    expect(contentOf(toolFrames)).toBe('Checking.');
    expect(toolFrames.at(-1)).toMatchObject({
      finishReason: 'tool_calls',
      toolCalls: [{ id: 'toolu_1', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
    });
  });

  it('writes each frame as it arrives: the first reaches the client while the upstream is still holding the rest', async () => {
    const frames: Frame[] = [];
    const res = await post(h.main, chat('openai', 'slow:s1'));
    await readFrames(res, (frame) => {
      frames.push(frame);
      // The fake sends the rest only after this: a gateway that buffered the answer would never get here.
      if (frames.length === 1) h.fake.release('s1');
    });
    expect(frames[0]).toEqual({ type: 'content', content: 'Hello' });
    expect(contentOf(frames)).toBe('Hello from the fake');
  });

  it('aborts the upstream request when the client disconnects mid-stream, and records the call as cancelled', async () => {
    const client = new AbortController();
    const res = await post(h.main, chat('huggingface', 'hang:h1'), messaging, client.signal);
    const reader = res.body!.getReader();
    await reader.read();
    client.abort();
    await h.fake.aborted('h1');
    const row = await logRow(res.headers.get('x-request-id')!);
    expect(row).toMatchObject({ success: false, errorCategory: 'cancelled' });
  });
});

describe('POST /api/internal/execute: upstream failures', () => {
  it('retries a 429 before the first byte and then streams normally', async () => {
    const res = await post(h.main, chat('openai', 'flaky429:a'));
    expect(res.status).toBe(200);
    expect(contentOf(await readFrames(res))).toBe('Hello from the fake');
    expect(h.fake.requestsFor('flaky429:a').length).toBe(2);
    expect((await logRow(res.headers.get('x-request-id')!)).attempts).toBe(2);
  });

  it('ends with an error frame (no done frame) when the provider fails mid-stream, for both wire formats', async () => {
    for (const provider of ['openai', 'anthropic']) {
      const frames = await readFrames(await post(h.main, chat(provider, 'miderror')));
      expect(frames[0]).toEqual({ type: 'content', content: 'Hello' });
      expect(frames.at(-1)).toMatchObject({ type: 'error', category: 'provider', retryable: true });
      expect(String(frames.at(-1)!.error)).toMatch(new RegExp(`${provider} reported an error mid-stream`));
      expect(frames.some((f) => f.type === 'done')).toBe(false);
    }
  });

  it('turns a malformed upstream chunk into a clear error frame', async () => {
    const frames = await readFrames(await post(h.main, chat('huggingface', 'malformed')));
    expect(frames.at(-1)).toMatchObject({ type: 'error', code: 'provider_malformed_response' });
    expect(String(frames.at(-1)!.error)).toContain('malformed stream chunk');
  });

  it('passes a provider 400 through as a 400, with any echoed key scrubbed', async () => {
    const res = await post(h.main, chat('openai', 'badrequest'));
    expect(await refusalOfResponse(res)).toEqual({ status: 400, code: 'provider_rejected_request' });
    const text = await res.text();
    expect(JSON.parse(text)).toMatchObject({
      success: false,
      code: 'provider_rejected_request',
      category: 'validation',
      provider: 'openai',
      upstream: { status: 400 },
    });
    expect(text).not.toContain(PLATFORM_KEYS.openai);
    expect(h.main.logs.text()).not.toContain(PLATFORM_KEYS.openai);
  });

  it('answers a clear 503 naming MODELS_SERVICE_URL when the local models service is not running', async () => {
    const offline = await h.start({ MODELS_SERVICE_URL: 'http://127.0.0.1:9', LLM_MAX_RETRIES: '0' });
    const res = await post(offline, chat('symbia-labs', 'tiny'));
    expect(await refusalOfResponse(res)).toEqual({ status: 503, code: 'provider_unavailable' });
    const body = (await res.json()) as { error: string; code: string };
    expect(body.code).toBe('provider_unavailable');
    expect(body.error).toContain('MODELS_SERVICE_URL');
  });

  it('streams from the local models service when it is running, flattening content to text', async () => {
    const frames = await readFrames(await post(h.main, chat('symbia-labs', 'ok')));
    expect(contentOf(frames)).toBe('Hello from the fake');
    expect(h.fake.requests.find((r) => r.path === '/models/v1/chat/completions')!.body).toMatchObject({
      model: 'ok',
      stream: true,
      max_tokens: 512,
    });
  });
});

describe('POST /api/internal/execute: platform keys and timeouts', () => {
  let alt: IntegrationsInstance;
  beforeAll(async () => {
    alt = await h.start({
      OPENAI_API_KEY: 'sk-wrong-platform-key',
      ANTHROPIC_API_KEY: '',
      HUGGINGFACE_API_KEY: '',
      HUGGINGFACE_TOKEN: PLATFORM_KEYS.hf,
      LLM_REQUEST_TIMEOUT_MS: '300',
    });
  });

  it('names the variable to set when a platform key is missing', async () => {
    const res = await post(alt, chat('anthropic', 'ok'));
    expect(await refusalOfResponse(res)).toEqual({ status: 400, code: 'provider_key_missing' });
    const body = (await res.json()) as { error: string; code: string };
    expect(body.code).toBe('provider_key_missing');
    expect(body.error).toContain('ANTHROPIC_API_KEY');
  });

  it('answers 502 naming OPENAI_API_KEY when the provider rejects the platform key, streaming or not', async () => {
    for (const stream of [true, false]) {
      const res = await post(alt, chat('openai', 'ok', { stream }));
      expect(await refusalOfResponse(res)).toEqual({ status: 502, code: 'provider_key_rejected' });
      const body = (await res.json()) as { error: string; code: string; category: string };
      expect(body).toMatchObject({ code: 'provider_key_rejected', category: 'auth' });
      expect(body.error).toContain('OPENAI_API_KEY');
      expect(JSON.stringify(body)).not.toContain('sk-wrong-platform-key');
    }
  });

  it('falls back to HUGGINGFACE_TOKEN and cuts a stalled stream after LLM_REQUEST_TIMEOUT_MS with a timeout frame', async () => {
    const frames = await readFrames(await post(alt, chat('huggingface', 'stall')));
    expect(frames).toEqual([expect.objectContaining({ type: 'error', category: 'timeout', code: 'provider_timeout' })]);
    expect(h.fake.requestsFor('stall')[0]!.headers.authorization).toBe(`Bearer ${PLATFORM_KEYS.hf}`);
  });
});

describe('POST /api/internal/execute: circuit breaker', () => {
  it("opens after upstream failures only: the provider's 400s never trip it, its 503s do", async () => {
    const breaker = await h.start({ CIRCUIT_BREAKER_THRESHOLD: '2', LLM_MAX_RETRIES: '0' });
    for (let i = 0; i < 3; i += 1)
      expect(await refusalOfResponse(await post(breaker, chat('anthropic', 'badrequest')))).toEqual({
        status: 400,
        code: 'provider_rejected_request',
      });
    expect(h.fake.requestsFor('badrequest').filter((r) => r.path.startsWith('/anthropic')).length).toBe(3);
    for (let i = 0; i < 2; i += 1)
      expect(await refusalOfResponse(await post(breaker, chat('anthropic', 'down')))).toEqual({
        status: 502,
        code: 'provider_error',
      });
    const open = await post(breaker, chat('anthropic', 'down'));
    expect(await refusalOfResponse(open)).toEqual({ status: 503, code: 'circuit_open' });
    expect(await open.json()).toMatchObject({ code: 'circuit_open', retryable: true });
    expect(open.headers.get('retry-after')).toBeTruthy();
    expect(h.fake.requestsFor('down').filter((r) => r.path.startsWith('/anthropic')).length).toBe(2);
    // Another provider's circuit is its own.
    expect((await post(breaker, chat('openai', 'ok', { stream: false }))).status).toBe(200);
  });
});

describe('POST /api/internal/execute: input and records', () => {
  it('rejects bad input with a 400 naming the field, before any upstream call', async () => {
    const cases: [unknown, string, string?][] = [
      [chat('huggingface', 'x', { params: { model: 'x', prompt: 'Hi', temperature: 5 } }), 'body.params.temperature'],
      [chat('huggingface', 'x', { params: { model: 'x', prompt: 'Hi', stream: true } }), 'body.params'],
      [chat('huggingface', 'x', { params: { model: 'x' } }), 'body.params.messages'],
      [chat('cohere', 'x'), 'body.provider'],
      [
        { provider: 'anthropic', operation: 'embeddings', params: { model: 'x', input: 'a' } },
        'body.operation',
        'unsupported_operation',
      ],
      [{ provider: 'openai', operation: 'embeddings', stream: true, params: { input: 'a' } }, 'body.stream'],
      [
        chat('huggingface', 'x', { params: { model: 'x', messages: [{ role: 'tool', content: 'r' }] } }),
        'body.params.messages.0.tool_call_id',
      ],
    ];
    for (const [body, field, code = 'validation_failed'] of cases) {
      const res = await post(h.main, body);
      expect(await refusalOfResponse(res), field).toEqual({ status: 400, code });
      const json = (await res.json()) as { details: { field: string }[]; category: string };
      expect(json.category).toBe('validation');
      expect(
        json.details.map((d) => d.field),
        field,
      ).toContain(field);
    }
    expect(h.fake.requestsFor('x').length).toBe(0);
  });

  it('returns embeddings from HuggingFace', async () => {
    const res = await post(h.main, {
      provider: 'huggingface',
      operation: 'embeddings',
      params: { model: 'BAAI/bge-m3', input: ['a', 'b'] },
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      provider: 'huggingface',
      embeddings: [
        [0, 0.5],
        [1, 0.5],
      ],
    });
  });

  it('exports token usage and durations as OpenTelemetry GenAI metrics', async () => {
    const metrics = await (await fetch(`${h.main.url}/metrics`)).text();
    expect(metrics).toMatch(
      /gen_ai_client_token_usage_count\{[^}]*gen_ai_provider_name="openai"[^}]*gen_ai_token_type="output"/,
    );
    expect(metrics).toMatch(/gen_ai_client_operation_duration_seconds_count\{[^}]*gen_ai_operation_name="chat"/);
    expect(metrics).toMatch(/gen_ai_client_operation_time_to_first_chunk_seconds_count/);
    // Streamed answers finish outside Fastify's reply and are still counted by the kit's request metrics.
    expect(metrics).toMatch(
      /http_requests_total\{[^}]*route="\/api\/internal\/execute"[^}]*status_code="200"[^}]*\} [1-9]/,
    );
  });
});
