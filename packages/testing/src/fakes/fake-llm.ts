import { once } from 'node:events';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { anthropicAnswer, anthropicErrors, type FakeAnswerContext } from './anthropic.js';
import { openAiAnswer } from './openai-compatible.js';
import { deferred, json, readJson, sse } from './wire.js';

/**
 * Loopback stand-ins for the third-party LLM providers (DESIGN §8: only third parties are faked). One HTTP
 * server on 127.0.0.1 answers, in each provider's real wire format:
 *   /openai/v1/chat/completions, /openai/v1/embeddings       OpenAI (chat.completion(.chunk) SSE, `data: [DONE]`)
 *   /anthropic/v1/messages                                   Anthropic Messages (named SSE events)
 *   /hf/v1/chat/completions, /hf/v1/embeddings               HuggingFace router (OpenAI-compatible)
 *   /models/v1/chat/completions, GET /models/v1/models       the local models service (OpenAI-compatible, no usage)
 * The scenario comes from the requested model, `<scenario>` or `<scenario>:<tag>` (the tag keeps counters apart):
 * `ok`, `tool`, `flaky429` (429 once), `down` (503), `badrequest` (400 echoing the key), `stall` (headers, then
 * nothing), `miderror`, `malformed`, `slow` (waits for release(tag)), `hang`.
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

function authError(wire: Wire, provider: string, res: ServerResponse) {
  if (wire === 'anthropic') return json(res, 401, anthropicErrors.auth);
  if (provider === 'hf') return json(res, 401, { error: 'Invalid credentials in Authorization header' });
  json(res, 401, {
    error: {
      message: 'Incorrect API key provided: sk-wr***ng.',
      type: 'invalid_request_error',
      code: 'invalid_api_key',
    },
  });
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
          data: [
            {
              id: 'tiny-q4',
              object: 'model',
              owned_by: 'symbia-labs',
              capabilities: ['chat', 'completion'],
              context_length: 4096,
              name: 'Tiny',
              contextLength: 4096,
              loaded: false,
              memoryUsageMB: 512,
            },
          ],
        });
      }
      const key = wire === 'anthropic' ? req.headers['x-api-key'] : req.headers.authorization?.replace(/^Bearer /, '');
      if (provider !== 'models' && (typeof key !== 'string' || !validKeys.has(key)))
        return authError(wire, provider!, res);
      if (scenario === 'flaky429' && count === 1) {
        return wire === 'anthropic'
          ? json(res, 429, anthropicErrors.rateLimit, { 'retry-after': '0' })
          : json(
              res,
              429,
              { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
              { 'retry-after': '0' },
            );
      }
      if (scenario === 'down')
        return json(res, 503, { error: { message: 'upstream overloaded', type: 'server_error' } });
      // Echoes the key it was sent, as some servers do: the gateway must scrub it before it reaches anyone.
      if (scenario === 'badrequest')
        return json(res, 400, {
          error: { message: `'messages' is too long for key ${String(key)}`, type: 'invalid_request_error' },
        });
      if (endpoint === '/v1/embeddings') {
        const inputs = Array.isArray(body.input) ? body.input : [body.input];
        return json(
          res,
          200,
          provider === 'hf'
            ? inputs.map((_, i) => [i, 0.5])
            : {
                data: inputs.map((_, i) => ({ embedding: [i, 0.5] })),
                model,
                usage: { prompt_tokens: 4, total_tokens: 4 },
              },
        );
      }
      if (scenario === 'stall' && body.stream) {
        res.writeHead(200, { 'content-type': 'text/event-stream' });
        res.flushHeaders();
        return;
      }
      res.once('close', () => {
        if (!res.writableFinished) gate(aborts, tag).resolve();
      });
      const ctx: FakeAnswerContext = {
        provider: provider!,
        model,
        stream: body.stream === true,
        scenario,
        text: TEXT,
        usage: provider !== 'models' && provider !== 'hf',
        async midStream(r, anthropic) {
          if (scenario === 'miderror') {
            if (anthropic) sse(r, anthropicErrors.overloaded, 'error');
            else
              sse(r, {
                error: { message: 'The server had an error while processing your request.', type: 'server_error' },
              });
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
