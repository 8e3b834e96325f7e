import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback HuggingFace router for the chat benchmark: `POST /v1/chat/completions` streams a fixed answer in
 * the OpenAI-compatible chunk format at once, so time to first token measures our hops, not a model.
 */
export async function startFakeUpstream(apiKey: string): Promise<{ url: string; close(): Promise<void> }> {
  const tokens = ['Hello', ' from', ' the', ' benchmark', '.'];
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      if (req.headers.authorization !== `Bearer ${apiKey}`) return void res.writeHead(401).end('{"error":"bad key"}');
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      for (const content of tokens) {
        res.write(
          `data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta: { content }, finish_reason: null }] })}\n\n`,
        );
      }
      res.write(
        `data: ${JSON.stringify({ id: 'b', object: 'chat.completion.chunk', created: 1, model: 'bench', choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] })}\n\n`,
      );
      res.end('data: [DONE]\n\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}
