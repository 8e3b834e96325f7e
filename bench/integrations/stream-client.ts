import http from 'node:http';

export interface StreamTiming {
  /** Milliseconds to the first body chunk carrying answer text. */
  ttft: number;
  total: number;
}

export interface LoadResult {
  timings: StreamTiming[];
  errors: number;
  seconds: number;
}

/**
 * A minimal SSE load client: keep-alive node:http, one request per worker at a time, timing the first chunk that
 * carries `"content"` (the first token, for the provider's format and ours alike) and the end of the stream.
 */
export function createStreamClient(url: string, body: string, headers: Record<string, string>, concurrency: number) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency });
  const target = new URL(url);
  const once = () =>
    new Promise<StreamTiming>((resolve, reject) => {
      const start = performance.now();
      let ttft = -1;
      const req = http.request(target, { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers } }, (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`status ${res.statusCode}`));
          return;
        }
        res.on('data', (chunk: Buffer) => {
          if (ttft < 0 && chunk.includes('"content"')) ttft = performance.now() - start;
        });
        res.once('end', () => (ttft < 0 ? reject(new Error('no content in the stream')) : resolve({ ttft, total: performance.now() - start })));
        res.once('error', reject);
      });
      req.once('error', reject);
      req.end(body);
    });

  return {
    /** `perWorker` sequential requests on each of `concurrency` workers. */
    async run(perWorker: number): Promise<LoadResult> {
      const timings: StreamTiming[] = [];
      let errors = 0;
      const started = performance.now();
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          for (let i = 0; i < perWorker; i += 1) {
            try {
              timings.push(await once());
            } catch {
              errors += 1;
            }
          }
        }),
      );
      return { timings, errors, seconds: (performance.now() - started) / 1000 };
    },
    close: () => agent.destroy(),
  };
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}
