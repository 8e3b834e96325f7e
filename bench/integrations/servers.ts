// Child processes for the integrations benchmark, each pinned to a core by the parent (bench/support):
//   upstream:     a minimal HuggingFace-router fake: `POST /hf/v1/chat/completions` answers OpenAI chat-completion
//                 SSE (BENCH_CHUNKS content chunks, each its own write, then `data: [DONE]`)
//   identity:     the real identity service (issues the service token and serves the JWKS)
//   integrations: the real integrations service, aimed at the upstream fake
//   floor:        a kit service whose one route requests the same upstream with undici (keep-alive Agent, the
//                 gateway's transport) and pipes the body through untouched (no auth, no validation, no SSE
//                 parsing): what Fastify + kit + the HTTP client + streaming cost alone
import { writeFileSync } from 'node:fs';
import http from 'node:http';
import inspector from 'node:inspector';
import { join } from 'node:path';
import { PerformanceObserver, performance } from 'node:perf_hooks';
import { openMigratedDatabase } from '@symbia/db';
import { createService, loadServiceConfig, runService } from '@symbia/kit';
import { Agent, request as undiciRequest } from 'undici';
import { buildApp as buildIntegrations } from '../../services/integrations/src/app.js';
import { loadIntegrationsConfig } from '../../services/integrations/src/config.js';
import { integrationsDatabase } from '../../services/integrations/src/db/db.js';
import { startBenchIdentity } from '../support/bench-identity.js';

const kind = process.argv[2];
const env = process.env;

async function startUpstream(): Promise<string> {
  const chunks = Number(env.BENCH_CHUNKS ?? 16);
  // Pacing like a hosted model (BENCH_TTFT_MS before the first token, BENCH_TOKEN_MS between tokens); 0 streams
  // as fast as the event loop turns, which measures the gateway at saturation instead.
  const ttftMs = Number(env.BENCH_TTFT_MS ?? 0);
  const tokenMs = Number(env.BENCH_TOKEN_MS ?? 0);
  const after = (ms: number, fn: () => void) => (ms > 0 ? setTimeout(fn, ms) : setImmediate(fn));
  const frame = (delta: object, finish: string | null = null) =>
    `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1_700_000_000, model: 'bench', choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
      let sent = 0;
      // One write per chunk, each on its own turn of the event loop, like a real token stream.
      const next = () => {
        if (res.destroyed) return;
        if (sent === 0) res.write(frame({ role: 'assistant', content: 'tok0 ' }));
        else if (sent < chunks) res.write(frame({ content: `tok${sent} ` }));
        else {
          res.write(frame({}, 'stop'));
          res.end('data: [DONE]\n\n');
          return;
        }
        sent += 1;
        after(tokenMs, next);
      };
      after(ttftMs, next);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  process.once('SIGTERM', () => process.exit(0));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

/**
 * BENCH_PROFILE_DIR: the gateway records a V8 CPU profile (what `node --cpu-prof` writes, which NODE_OPTIONS
 * refuses) and saves it there when the benchmark stops it.
 */
async function profileUntilStopped(dir: string): Promise<void> {
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object) =>
    new Promise<unknown>((resolve, reject) =>
      session.post(method, params, (err, result) => (err ? reject(err) : resolve(result))),
    );
  // BENCH_PROFILE_HEAP=1: an allocation profile (every sampled allocation, collected or not) instead of a CPU one.
  const heap = env.BENCH_PROFILE_HEAP === '1';
  if (heap)
    await post('HeapProfiler.startSampling', {
      samplingInterval: 4096,
      includeObjectsCollectedByMajorGC: true,
      includeObjectsCollectedByMinorGC: true,
    });
  else {
    await post('Profiler.enable');
    await post('Profiler.start');
  }
  process.prependOnceListener('SIGTERM', () => {
    void post(heap ? 'HeapProfiler.stopSampling' : 'Profiler.stop').then((result) => {
      writeFileSync(
        join(dir, `integrations-${process.pid}.${heap ? 'heapprofile' : 'cpuprofile'}`),
        JSON.stringify((result as { profile: unknown }).profile),
      );
      process.exit(0);
    });
  });
}

/** BENCH_GC_LOG: the gateway's garbage-collection pauses (epoch ms, duration, kind), written when it is stopped. */
function logGcUntilStopped(file: string): void {
  const pauses: Array<[number, number, number]> = [];
  const observer = new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      pauses.push([
        performance.timeOrigin + entry.startTime,
        entry.duration,
        (entry as unknown as { detail: { kind: number } }).detail.kind,
      ]);
  });
  observer.observe({ entryTypes: ['gc'] });
  process.prependOnceListener('SIGTERM', () => writeFileSync(file, JSON.stringify(pauses)));
}

async function startIntegrations(): Promise<string> {
  if (env.BENCH_PROFILE_DIR) await profileUntilStopped(env.BENCH_PROFILE_DIR);
  if (env.BENCH_GC_LOG) logGcUntilStopped(env.BENCH_GC_LOG);
  // BENCH_TRACE_GC=1: V8's --trace-gc on the gateway's stdout (see BENCH_SERVER_STDOUT); any other value is V8 flags.
  if (env.BENCH_TRACE_GC)
    (await import('node:v8')).setFlagsFromString(env.BENCH_TRACE_GC === '1' ? '--trace-gc' : env.BENCH_TRACE_GC!);
  // Production settings and log level: one request log line per call, like a real deployment.
  const config = loadIntegrationsConfig({
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'info',
    PORT: '0',
    HOST: '127.0.0.1',
    INTERNAL_SERVICE_SECRET: env.BENCH_SERVICE_SECRET!,
    IDENTITY_SERVICE_URL: env.BENCH_IDENTITY_URL!,
    IDENTITY_ISSUER: 'http://identity.bench',
    HUGGINGFACE_BASE_URL: `${env.BENCH_UPSTREAM_URL}/hf`,
    HUGGINGFACE_API_KEY: 'hf_bench_key',
    RATE_LIMIT_SERVICE: '0',
  });
  const database = await openMigratedDatabase(integrationsDatabase, { url: config.integrations.databaseUrl });
  return (await runService(await buildIntegrations({ config, database }), { config })).url;
}

async function startFloor(): Promise<string> {
  const config = loadServiceConfig({
    serviceId: 'bench-floor',
    env: { ...env, NODE_ENV: 'production', LOG_LEVEL: 'info', PORT: '0', HOST: '127.0.0.1' },
  });
  const app = await createService({ config, description: 'integrations benchmark floor' });
  const upstream = `${env.BENCH_UPSTREAM_URL}/hf/v1/chat/completions`;
  const agent = new Agent({ keepAliveTimeout: 10_000 });
  app.post('/api/internal/execute', async (request, reply) => {
    const res = await undiciRequest(upstream, {
      dispatcher: agent,
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer hf_bench_key' },
      body: JSON.stringify(request.body),
    });
    reply.header('content-type', 'text/event-stream');
    return reply.send(res.body);
  });
  return (await runService(app, { config })).url;
}

const starters: Record<string, () => Promise<string>> = {
  upstream: startUpstream,
  identity: () => startBenchIdentity({ issuer: 'http://identity.bench' }),
  integrations: startIntegrations,
  floor: startFloor,
};
const start = kind ? starters[kind] : undefined;
if (!start) throw new Error(`usage: servers.ts <${Object.keys(starters).join('|')}>`);
process.stderr.write(`BENCH_URL ${await start()}\n`);
