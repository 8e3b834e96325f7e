import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface CapturedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  body: unknown;
}

/**
 * A loopback HTTP endpoint that records what is posted to it and answers 200. It stands in for the
 * assistants service's webhooks, which do not exist yet (services/assistants is not built), so the test
 * can see exactly what messaging sends out.
 */
export async function startCaptureServer(): Promise<{
  url: string;
  requests: CapturedRequest[];
  waitFor(n: number): Promise<void>;
  close(): Promise<void>;
}> {
  const requests: CapturedRequest[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        path: req.url ?? '',
        headers: req.headers,
        body: raw ? (JSON.parse(raw) as unknown) : undefined,
      });
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"ok":true}');
      for (const wake of waiters.splice(0)) wake();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    async waitFor(n) {
      while (requests.length < n) await new Promise<void>((resolve) => waiters.push(resolve));
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
