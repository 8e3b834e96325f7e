import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ANSWER = ['Hello', ' from', ' the', ' fake', ' model.'];

export interface FakeHuggingFace {
  readonly url: string;
  readonly apiKey: string;
  /** Lets a held answer (user message `hold:<tag>`) send its remaining tokens. */
  release(tag: string): void;
  finished(tag: string): boolean;
  /** Resolves once the caller of the held answer `tag` hung up before it finished. */
  aborted(tag: string): Promise<void>;
  close(): Promise<void>;
}

interface Hold {
  release: () => void;
  released: Promise<void>;
  abort: () => void;
  aborted: Promise<void>;
  finished: boolean;
}

/**
 * The one third party of the website tests (DESIGN §8): HuggingFace's OpenAI-compatible router on loopback,
 * `POST /v1/chat/completions` answering `chat.completion.chunk` SSE and `data: [DONE]`. User message `fail` → 500;
 * `hold:<tag>` → two tokens, then waits for `release(tag)`; anything else → the whole ANSWER.
 */
export async function startFakeHuggingFace(): Promise<FakeHuggingFace> {
  const apiKey = 'hf_loopback_test_key';
  const holds = new Map<string, Hold>();
  const hold = (tag: string): Hold => {
    let entry = holds.get(tag);
    if (entry === undefined) {
      let release = () => {};
      let abort = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      const aborted = new Promise<void>((resolve) => (abort = resolve));
      entry = { release, released, abort, aborted, finished: false };
      holds.set(tag, entry);
    }
    return entry;
  };
  const chunk = (content: string | null) => ({
    id: 'chatcmpl-loopback', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'meta-llama/Llama-3.2-3B-Instruct',
    choices: [{ index: 0, delta: content === null ? {} : { content }, finish_reason: content === null ? 'stop' : null }],
  });

  async function stream(res: ServerResponse, tag: string | undefined): Promise<void> {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: unknown) => res.write(`data: ${JSON.stringify(data)}\n\n`);
    send(chunk(ANSWER[0]!));
    send(chunk(ANSWER[1]!));
    if (tag !== undefined) {
      const entry = hold(tag);
      res.on('close', () => entry.finished || entry.abort());
      await entry.released;
      if (res.destroyed) return;
    }
    for (const token of ANSWER.slice(2)) send(chunk(token));
    send(chunk(null));
    res.end('data: [DONE]\n\n');
    if (tag !== undefined) hold(tag).finished = true;
  }

  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (part: Buffer) => (raw += part.toString()));
    req.on('end', () => {
      if (req.method !== 'POST' || req.url !== '/v1/chat/completions') return void res.writeHead(404).end();
      if (req.headers.authorization !== `Bearer ${apiKey}`) return void res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":"Invalid credentials"}');
      const body = JSON.parse(raw) as { messages: { content: string }[] };
      const user = body.messages.at(-1)?.content ?? '';
      if (user === 'fail') return void res.writeHead(500, { 'content-type': 'application/json' }).end('{"error":"Model is overloaded"}');
      void stream(res, user.startsWith('hold:') ? user.slice(5) : undefined);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    apiKey,
    release: (tag) => hold(tag).release(),
    finished: (tag) => hold(tag).finished,
    aborted: (tag) => hold(tag).aborted,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
