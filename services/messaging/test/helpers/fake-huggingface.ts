import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeHuggingFace {
  url: string;
  apiKey: string;
  /** Every chat request body and its headers, in order. */
  requests: { headers: IncomingHttpHeaders; body: { model: string; stream?: boolean; messages: { role: string; content: string }[] } }[];
  /** Lets a held stream (`hold:<tag>` as the user message) send the rest of its answer. */
  release(tag: string): void;
  /** Whether the held stream `tag` has sent its last byte. */
  finished(tag: string): boolean;
  /** Resolves when the caller of the held stream `tag` went away before it finished. */
  aborted(tag: string): Promise<void>;
  close(): Promise<void>;
}

export const ANSWER = ['Hello', ' from', ' the', ' fake', ' model.'];

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

const chunk = (content: string | null, finish: string | null = null) => ({
  id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'meta-llama/Llama-3.2-3B-Instruct',
  choices: [{ index: 0, delta: content === null ? {} : { role: 'assistant', content }, finish_reason: finish }],
});

/**
 * A loopback stand-in for HuggingFace's router (the one third party here, DESIGN §8): `POST /v1/chat/completions`
 * in its OpenAI-compatible wire format, including `chat.completion.chunk` SSE and `data: [DONE]`. The user
 * message picks the scenario: `hold:<tag>` sends two tokens and waits for `release(tag)`; `fail` answers 500;
 * anything else streams ANSWER at once.
 */
export async function startFakeHuggingFace(): Promise<FakeHuggingFace> {
  const apiKey = 'hf_fake_test_key';
  const requests: FakeHuggingFace['requests'] = [];
  const holds = new Map<string, { release: ReturnType<typeof deferred>; aborted: ReturnType<typeof deferred>; finished: boolean }>();
  const hold = (tag: string) => {
    let entry = holds.get(tag);
    if (!entry) holds.set(tag, (entry = { release: deferred(), aborted: deferred(), finished: false }));
    return entry;
  };

  const stream = async (res: ServerResponse, tag: string | null) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    send(chunk(ANSWER[0]!));
    send(chunk(ANSWER[1]!));
    if (tag) {
      const entry = hold(tag);
      res.on('close', () => {
        if (!entry.finished) entry.aborted.resolve();
      });
      await entry.release.promise;
      if (res.destroyed) return;
    }
    for (const token of ANSWER.slice(2)) send(chunk(token));
    send(chunk(null, 'stop'));
    res.write('data: [DONE]\n\n');
    if (tag) hold(tag).finished = true;
    res.end();
  };

  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${apiKey}`) {
        return void res.writeHead(401, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Invalid credentials in Authorization header' }));
      }
      const body = JSON.parse(raw) as FakeHuggingFace['requests'][number]['body'];
      requests.push({ headers: req.headers, body });
      const user = body.messages.at(-1)?.content ?? '';
      if (user === 'fail') {
        return void res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'Model is overloaded' }));
      }
      if (!body.stream) {
        return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({
          id: 'chatcmpl-fake', object: 'chat.completion', created: 1_700_000_000, model: body.model,
          choices: [{ index: 0, message: { role: 'assistant', content: ANSWER.join('') }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
        }));
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
