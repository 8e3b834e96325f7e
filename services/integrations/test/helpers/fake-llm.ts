import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Loopback stand-ins for the third-party LLM providers (DESIGN §8: only third parties are faked). One HTTP
 * server on 127.0.0.1 answers, in each provider's real wire format:
 *   /openai/v1/chat/completions, /openai/v1/embeddings       OpenAI (chat.completion(.chunk) SSE, `data: [DONE]`)
 *   /anthropic/v1/messages                                   Anthropic Messages (named SSE events)
 *   /hf/v1/chat/completions, /hf/v1/embeddings               HuggingFace router (OpenAI-compatible)
 *   /models/v1/chat/completions, GET /models/v1/models       the local models service (OpenAI-compatible, no usage)
 * The scenario comes from the requested model, `<scenario>` or `<scenario>:<tag>` (the tag keeps counters apart).
 */
export interface RecordedRequest {
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown>;
}

export interface FakeLlm {
  url: string;
  requests: RecordedRequest[];
  /** Keys each provider accepts; anything else gets that provider's real 401 body. */
  validKeys: Set<string>;
  requestsFor(model: string): RecordedRequest[];
  /** Lets a `slow:<tag>` stream send the rest of its answer. */
  release(tag: string): void;
  /** Resolves when the client of a `hang:<tag>` / `slow:<tag>` stream went away before the stream ended. */
  aborted(tag: string): Promise<void>;
  close(): Promise<void>;
}

type Wire = 'openai' | 'anthropic';
const TEXT = ['Hello', ' from', ' the fake'];

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
}

const sse = (res: ServerResponse, data: unknown, event?: string) =>
  res.write(`${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function authError(wire: Wire, provider: string, res: ServerResponse) {
  if (wire === 'anthropic') return json(res, 401, { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } });
  if (provider === 'hf') return json(res, 401, { error: 'Invalid credentials in Authorization header' });
  json(res, 401, { error: { message: 'Incorrect API key provided: sk-wr***ng.', type: 'invalid_request_error', code: 'invalid_api_key' } });
}

function openAiChunk(model: string, delta: Record<string, unknown>, finish: string | null = null) {
  return { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model, choices: [{ index: 0, delta, finish_reason: finish }] };
}

/** OpenAI-format answer, streamed or whole. `usage` false mimics servers that report none (the models service). */
async function openAiAnswer(res: ServerResponse, ctx: Ctx) {
  const { model, stream, scenario } = ctx;
  const tool = scenario === 'tool';
  if (!stream) {
    const message = tool
      ? { role: 'assistant', content: null, tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }] }
      : { role: 'assistant', content: TEXT.join('') };
    return json(res, 200, {
      id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model,
      choices: [{ index: 0, message, finish_reason: tool ? 'tool_calls' : 'stop' }],
      ...(ctx.usage && { usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } }),
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (tool) {
    sse(res, openAiChunk(model, { role: 'assistant', content: null, tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }));
    for (const part of ['{"city"', ':"Paris"}']) sse(res, openAiChunk(model, { tool_calls: [{ index: 0, function: { arguments: part } }] }));
    sse(res, openAiChunk(model, {}, 'tool_calls'));
  } else {
    sse(res, openAiChunk(model, { role: 'assistant', content: TEXT[0] }));
    if (await ctx.midStream(res)) return;
    for (const part of TEXT.slice(1)) sse(res, openAiChunk(model, { content: part }));
    sse(res, openAiChunk(model, {}, 'stop'));
  }
  if (ctx.usage && ctx.provider === 'openai') sse(res, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [], usage: { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 } });
  sse(res, '[DONE]');
  res.end();
}

async function anthropicAnswer(res: ServerResponse, ctx: Ctx) {
  const { model, stream, scenario } = ctx;
  const tool = scenario === 'tool';
  if (!stream) {
    const content = tool ? [{ type: 'text', text: 'Checking.' }, { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } }] : [{ type: 'text', text: TEXT.join('') }];
    return json(res, 200, {
      id: 'msg_fake', type: 'message', role: 'assistant', model, content, stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null, usage: { input_tokens: 9, output_tokens: 5 },
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const ev = (type: string, data: Record<string, unknown>) => sse(res, { type, ...data }, type);
  ev('message_start', { message: { id: 'msg_fake', type: 'message', role: 'assistant', model, content: [], stop_reason: null, usage: { input_tokens: 9, output_tokens: 1 } } });
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  ev('ping', {});
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: tool ? 'Checking.' : TEXT[0] } });
  if (!tool && (await ctx.midStream(res, true))) return;
  if (!tool) for (const part of TEXT.slice(1)) ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: part } });
  ev('content_block_stop', { index: 0 });
  if (tool) {
    ev('content_block_start', { index: 1, content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} } });
    for (const part of ['{"city": ', '"Paris"}']) ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: part } });
    ev('content_block_stop', { index: 1 });
  }
  ev('message_delta', { delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null }, usage: { output_tokens: 5 } });
  ev('message_stop', {});
  res.end();
}

interface Ctx {
  provider: string;
  model: string;
  stream: boolean;
  scenario: string;
  usage: boolean;
  /** Handles the mid-stream scenarios after the first chunk; true when it ended the response itself. */
  midStream(res: ServerResponse, anthropic?: boolean): Promise<boolean>;
}

export async function startFakeLlm(): Promise<FakeLlm> {
  const requests: RecordedRequest[] = [];
  const validKeys = new Set<string>();
  const counters = new Map<string, number>();
  const gates = new Map<string, ReturnType<typeof deferred>>();
  const aborts = new Map<string, ReturnType<typeof deferred>>();
  const gate = (map: typeof gates, tag: string) => {
    let d = map.get(tag);
    if (!d) map.set(tag, (d = deferred()));
    return d;
  };

  const server = http.createServer((req, res) => {
    void (async () => {
      const body = await readJson(req);
      const path = (req.url ?? '').split('?')[0]!;
      requests.push({ path, headers: req.headers, body });
      const [provider, ...rest] = path.slice(1).split('/');
      const endpoint = `/${rest.join('/')}`;
      const wire: Wire = provider === 'anthropic' ? 'anthropic' : 'openai';
      const model = String(body.model ?? '');
      const [scenario = 'ok', tag = model] = model.split(':');
      const count = (counters.get(model) ?? 0) + 1;
      counters.set(model, count);

      if (req.method === 'GET' && path === '/models/v1/models') {
        return json(res, 200, {
          object: 'list',
          data: [{ id: 'tiny-q4', object: 'model', owned_by: 'symbia-labs', capabilities: ['chat', 'completion'], context_length: 4096, name: 'Tiny', contextLength: 4096, loaded: false, memoryUsageMB: 512 }],
        });
      }
      const key = wire === 'anthropic' ? req.headers['x-api-key'] : req.headers.authorization?.replace(/^Bearer /, '');
      if (provider !== 'models' && (typeof key !== 'string' || !validKeys.has(key))) return authError(wire, provider!, res);
      if (scenario === 'flaky429' && count === 1) {
        return wire === 'anthropic'
          ? json(res, 429, { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } }, { 'retry-after': '0' })
          : json(res, 429, { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } }, { 'retry-after': '0' });
      }
      if (scenario === 'down') return json(res, 503, { error: { message: 'upstream overloaded', type: 'server_error' } });
      // Echoes the key it was sent, as some servers do: the gateway must scrub it before it reaches anyone.
      if (scenario === 'badrequest') return json(res, 400, { error: { message: `'messages' is too long for key ${String(key)}`, type: 'invalid_request_error' } });
      if (endpoint === '/v1/embeddings') {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        return json(res, 200, provider === 'hf' ? inputs.map((_, i) => [i, 0.5]) : { data: inputs.map((_, i) => ({ embedding: [i, 0.5] })), model, usage: { prompt_tokens: 4, total_tokens: 4 } });
      }
      if (scenario === 'stall' && body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        return;
      }
      res.once('close', () => {
        if (!res.writableFinished) gate(aborts, tag).resolve();
      });
      const ctx: Ctx = {
        provider: provider!, model, stream: body.stream === true, scenario, usage: provider !== 'models' && provider !== 'hf',
        async midStream(r, anthropic) {
          if (scenario === 'miderror') {
            if (anthropic) sse(r, { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } }, 'error');
            else sse(r, { error: { message: 'The server had an error while processing your request.', type: 'server_error' } });
            r.end();
            return true;
          }
          if (scenario === 'malformed') {
            r.write('data: {"id":"chatcmpl-fake","choices":[{"delta":{"content":\n\n');
            r.end();
            return true;
          }
          if (scenario === 'slow') await gate(gates, tag).promise;
          if (scenario === 'hang') {
            await new Promise<void>(() => {});
          }
          return false;
        },
      };
      if (wire === 'anthropic') await anthropicAnswer(res, ctx);
      else await openAiAnswer(res, ctx);
    })().catch((err: unknown) => {
      if (!res.headersSent) json(res, 500, { error: { message: String(err) } });
      else res.destroy();
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    validKeys,
    requestsFor: (model) => requests.filter((r) => r.body.model === model),
    release: (tag) => gate(gates, tag).resolve(),
    aborted: (tag) => gate(aborts, tag).promise,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
