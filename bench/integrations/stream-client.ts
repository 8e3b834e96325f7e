import http from 'node:http';

export interface StreamTiming {
  /** Milliseconds to the first body chunk carrying answer text. */
  ttft: number;
  total: number;
  /** When the request was sent (epoch ms, sub-millisecond), to see how calls cluster in time. */
  startedAt: number;
}

export interface LoadResult {
  timings: StreamTiming[];
  errors: number;
  /** Length of the timed phase. */
  seconds: number;
  /** Calls (timed or not) that finished during the timed phase: the throughput and CPU-per-call divisor. */
  callsAfterSteady: number;
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
      const req = http.request(
        target,
        {
          method: 'POST',
          agent,
          headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        },
        (res) => {
          if (res.statusCode !== 200) {
            res.resume();
            reject(new Error(`status ${res.statusCode}`));
            return;
          }
          res.on('data', (chunk: Buffer) => {
            if (ttft < 0 && chunk.includes('"content"')) ttft = performance.now() - start;
          });
          res.once('end', () =>
            ttft < 0
              ? reject(new Error('no content in the stream'))
              : resolve({ ttft, total: performance.now() - start, startedAt: performance.timeOrigin + start }),
          );
          res.once('error', reject);
        },
      );
      req.once('error', reject);
      req.end(body);
    });

  return {
    once,
    /**
     * `concurrency` closed-loop workers, each making `warmup` calls and then `perWorker` timed ones, with no barrier
     * between the two phases: the timed calls see the steady state, not the transient of 64 workers released in the
     * same millisecond. Workers start spread over `spreadMs` (about one call's length), as independent callers would.
     * `onSteady` runs when the first worker begins its timed calls (the benchmark samples server CPU there);
     * `callsAfterSteady` counts every call that finished after it, warm-up calls of slower workers included, to
     * divide that CPU by.
     */
    async run(options: {
      warmup: number;
      perWorker: number;
      spreadMs: number;
      onSteady?: () => Promise<void>;
    }): Promise<LoadResult> {
      const timings: StreamTiming[] = [];
      let errors = 0;
      let steadySince = Number.POSITIVE_INFINITY;
      let steady: Promise<void> | null = null;
      let callsAfterSteady = 0;
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          await new Promise((resolve) => setTimeout(resolve, Math.random() * options.spreadMs));
          for (let i = 0; i < options.warmup + options.perWorker; i += 1) {
            if (i === options.warmup && steady === null) {
              steadySince = performance.timeOrigin + performance.now();
              steady = options.onSteady?.() ?? Promise.resolve();
              await steady;
            }
            try {
              const timing = await once();
              if (i >= options.warmup) timings.push(timing);
              if (timing.startedAt + timing.total > steadySince) callsAfterSteady += 1;
            } catch {
              if (i >= options.warmup) errors += 1;
            }
          }
        }),
      );
      return {
        timings,
        errors,
        seconds: (performance.timeOrigin + performance.now() - steadySince) / 1000,
        callsAfterSteady,
      };
    },
    close: () => agent.destroy(),
  };
}
