import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FakeAnswerContext } from './anthropic.js';
import { deferred, json, sse } from './wire.js';

/**
 * The OpenAI-compatible chat wire (OpenAI, HuggingFace's router, the local models service): `chat.completion`
 * answers and `chat.completion.chunk` SSE ending in `data: [DONE]`. Third parties are the only things tests fake
 * (DESIGN §8); these writers are shared by the fake below and by startFakeLlm's OpenAI-compatible providers.
 */
export function openAiChunk(model: string, delta: Record<string, unknown>, finish: string | null = null) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion.chunk',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, delta, finish_reason: finish }],
  };
}

export function openAiCompletion(
  model: string,
  message: Record<string, unknown>,
  finish: string,
  usage?: { prompt_tokens: number; completion_tokens: number; total_tokens: number },
) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1_700_000_000,
    model,
    choices: [{ index: 0, message, finish_reason: finish }],
    ...(usage && { usage }),
  };
}

/**
 * An OpenAI-compatible answer, streamed or whole, with a `tool_calls` answer for the `tool` scenario; OpenAI
 * itself also streams a final usage chunk. The fake OpenAI, HuggingFace and models upstreams of startFakeLlm.
 */
export async function openAiAnswer(res: ServerResponse, ctx: FakeAnswerContext): Promise<void> {
  const { model, stream, scenario, text } = ctx;
  const tool = scenario === 'tool';
  const usage = { prompt_tokens: 11, completion_tokens: 7, total_tokens: 18 };
  if (!stream) {
    const message = tool
      ? {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          ],
        }
      : { role: 'assistant', content: text.join('') };
    return json(
      res,
      200,
      openAiCompletion(model, message, tool ? 'tool_calls' : 'stop', ctx.usage ? usage : undefined),
    );
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (tool) {
    sse(
      res,
      openAiChunk(model, {
        role: 'assistant',
        content: null,
        tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }],
      }),
    );
    for (const part of ['{"city"', ':"Paris"}'])
      sse(res, openAiChunk(model, { tool_calls: [{ index: 0, function: { arguments: part } }] }));
    sse(res, openAiChunk(model, {}, 'tool_calls'));
  } else {
    sse(res, openAiChunk(model, { role: 'assistant', content: text[0] }));
    if (await ctx.midStream(res)) return;
    for (const part of text.slice(1)) sse(res, openAiChunk(model, { content: part }));
    sse(res, openAiChunk(model, {}, 'stop'));
  }
  if (ctx.usage && ctx.provider === 'openai')
    sse(res, { id: 'chatcmpl-fake', object: 'chat.completion.chunk', model, choices: [], usage });
  sse(res, '[DONE]');
  res.end();
}

/** What the fake HuggingFace router streams, token by token. */
export const ANSWER = ['Hello', ' from', ' the', ' fake', ' model.'];

export interface FakeHuggingFace {
  url: string;
  apiKey: string;
  /** Every chat request body and its headers, in order. */
  requests: {
    headers: IncomingHttpHeaders;
    body: { model: string; stream?: boolean; messages: { role: string; content: string }[] };
  }[];
  /** Lets a held stream (`hold:<tag>` as the user message) send the rest of its answer. */
  release(tag: string): void;
  /** Whether the held stream `tag` has sent its last byte. */
  finished(tag: string): boolean;
  /** Resolves when the caller of the held stream `tag` went away before it finished. */
  aborted(tag: string): Promise<void>;
  close(): Promise<void>;
}

/**
 * A loopback stand-in for HuggingFace's router: `POST /v1/chat/completions` in its OpenAI-compatible wire format,
 * including `chat.completion.chunk` SSE and `data: [DONE]`. The last user message picks the scenario:
 * `hold:<tag>` sends two tokens and waits for `release(tag)`; `fail` answers 500; anything else streams ANSWER at
 * once (or answers it whole when `stream` is not set). A wrong bearer key gets HuggingFace's 401.
 */
export async function startFakeHuggingFace(options: { apiKey?: string } = {}): Promise<FakeHuggingFace> {
  const apiKey = options.apiKey ?? 'hf_fake_test_key';
  const model = 'meta-llama/Llama-3.2-3B-Instruct';
  const requests: FakeHuggingFace['requests'] = [];
  const holds = new Map<
    string,
    { release: ReturnType<typeof deferred>; aborted: ReturnType<typeof deferred>; finished: boolean }
  >();
  const hold = (tag: string) => {
    let entry = holds.get(tag);
    if (!entry) holds.set(tag, (entry = { release: deferred(), aborted: deferred(), finished: false }));
    return entry;
  };

  const stream = async (res: ServerResponse, tag: string | null) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    sse(res, openAiChunk(model, { role: 'assistant', content: ANSWER[0] }));
    sse(res, openAiChunk(model, { role: 'assistant', content: ANSWER[1] }));
    if (tag) {
      const entry = hold(tag);
      res.on('close', () => {
        if (!entry.finished) entry.aborted.resolve();
      });
      await entry.release.promise;
      if (res.destroyed) return;
    }
    for (const token of ANSWER.slice(2)) sse(res, openAiChunk(model, { role: 'assistant', content: token }));
    sse(res, openAiChunk(model, {}, 'stop'));
    sse(res, '[DONE]');
    if (tag) hold(tag).finished = true;
    res.end();
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${apiKey}`)
        return json(res, 401, { error: 'Invalid credentials in Authorization header' });
      const body = JSON.parse(raw) as FakeHuggingFace['requests'][number]['body'];
      requests.push({ headers: req.headers, body });
      const user = body.messages.at(-1)?.content ?? '';
      if (user === 'fail') return json(res, 500, { error: 'Model is overloaded' });
      if (!body.stream) {
        return json(
          res,
          200,
          openAiCompletion(body.model, { role: 'assistant', content: ANSWER.join('') }, 'stop', {
            prompt_tokens: 10,
            completion_tokens: 5,
            total_tokens: 15,
          }),
        );
      }
      void stream(res, user.startsWith('hold:') ? user.slice(5) : null);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    requests,
    release: (tag) => hold(tag).release.resolve(),
    finished: (tag) => hold(tag).finished,
    aborted: (tag) => hold(tag).aborted.promise,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
