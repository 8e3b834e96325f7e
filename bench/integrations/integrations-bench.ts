// Integrations benchmark (issue: LLM gateway). Time to first token and total time of a streamed chat answer,
// through integrations (`POST /api/internal/execute`, service JWT, stream: true) versus straight to the same fake
// HuggingFace-router upstream, at concurrency 1 and 64, in one run. Needs DATABASE_URL (a scratch database is
// created and dropped). `npm run bench -- integrations`; BENCH_REQUESTS_C1 / BENCH_REQUESTS_C64 / BENCH_CHUNKS /
// BENCH_TTFT_MS / BENCH_TOKEN_MS / BENCH_BURST_ROUNDS tune it.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { signServiceTokenRequest } from '@symbia/auth';
import { dropDatabase, ensureDatabase } from '@symbia/db';
import { startBenchServer, type BenchServer } from '../support/bench-server.js';
import { createStreamClient, type LoadResult } from './stream-client.js';
import { percentile } from '../support/stats.js';
import { nodeOptionsFor } from '../../apps/platform/src/runtime-flags.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const requestsAtC1 = Number(process.env.BENCH_REQUESTS_C1 ?? 400);
const requestsAtC64 = Number(process.env.BENCH_REQUESTS_C64 ?? 6400);
const chunks = Number(process.env.BENCH_CHUNKS ?? 16);
const ttftMs = process.env.BENCH_TTFT_MS ?? '0';
const tokenMs = process.env.BENCH_TOKEN_MS ?? '0';
// The gateway and the floor get core 0 for their JavaScript thread; V8's garbage-collection helper threads stay
// free to run on either core, as on any multi-core host. BENCH_PIN=all pins every thread of theirs to core 0 (a
// one-CPU container): V8 then has no second core for concurrent marking or parallel scavenges, and its pauses
// grow several-fold (bench/RESULTS.md).
const pinMainOnly = process.env.BENCH_PIN !== 'all';
const burstRounds = Number(process.env.BENCH_BURST_ROUNDS ?? 10);

const MODEL = 'meta-llama/Llama-3.2-3B-Instruct';
const messages = [
  { role: 'system', content: 'You are a helpful assistant on the Symbia platform.' },
  { role: 'user', content: 'Hello!' },
];
const upstreamBody = JSON.stringify({ model: MODEL, messages, max_tokens: 512, temperature: 0.7, stream: true });
const gatewayBody = JSON.stringify({
  provider: 'huggingface',
  operation: 'chat.completions',
  stream: true,
  params: { model: MODEL, messages, temperature: 0.7, maxTokens: 512 },
});

interface Row {
  path: string;
  concurrency: number;
  result: LoadResult;
  /** CPU the server under test spent per request (kit servers export process_cpu_seconds_total). */
  cpuMsPerRequest: number | null;
}

async function processCpuSeconds(base: string): Promise<number> {
  const text = await (await fetch(`${base}/metrics`)).text();
  return Number(/^process_cpu_seconds_total(?:\{[^}]*\})? ([\d.e+-]+)$/m.exec(text)?.[1] ?? Number.NaN);
}

async function measure(
  base: string | null,
  url: string,
  body: string,
  headers: Record<string, string>,
  concurrency: number,
  total: number,
) {
  const client = createStreamClient(url, body, headers, concurrency);
  try {
    // Three calls alone size the start spread: one call's length, so the workers start like independent callers.
    let spreadMs = 0;
    for (let i = 0; i < 3; i += 1) spreadMs = (await client.once()).total;
    let before = 0;
    const result = await client.run({
      warmup: Math.max(5, Math.ceil(total / concurrency / 10)), // JIT, keep-alive sockets, JWKS
      perWorker: Math.max(1, Math.ceil(total / concurrency)),
      spreadMs: concurrency > 1 ? spreadMs : 0,
      onSteady: async () => {
        if (base) before = await processCpuSeconds(base);
      },
    });
    const cpuMsPerRequest = base ? (((await processCpuSeconds(base)) - before) * 1000) / result.callsAfterSteady : null;
    return { result, cpuMsPerRequest };
  } finally {
    client.close();
  }
}

/**
 * `size` calls released in the same millisecond, `rounds` times: what the steady-state rows do not show, the
 * first-token delay when many calls arrive at once and wait on each other's setup.
 */
async function measureBurst(
  url: string,
  body: string,
  headers: Record<string, string>,
  size: number,
  rounds: number,
): Promise<number[]> {
  const client = createStreamClient(url, body, headers, size);
  try {
    const ttfts: number[] = [];
    await Promise.all(Array.from({ length: size }, () => client.once())); // open the keep-alive sockets
    for (let round = 0; round < rounds; round += 1) {
      const timings = await Promise.all(Array.from({ length: size }, () => client.once()));
      ttfts.push(...timings.map((t) => t.ttft));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return ttfts;
  } finally {
    client.close();
  }
}

const fmt = (n: number) => n.toFixed(2);

export async function runIntegrationsBenchmark(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('the integrations benchmark needs DATABASE_URL (a PostgreSQL server)');
  const dbName = `symbia_bench_integrations_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, dbName);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const lastCore = cpus().length - 1;
  const servers: BenchServer[] = [];
  const start = async (kind: string, env: Record<string, string>, core: number, mainThreadOnly = false) => {
    const server = await startBenchServer(serversFile, kind, {
      env: {
        DATABASE_URL: dbUrl.toString(),
        BENCH_SERVICE_SECRET: secret,
        BENCH_CHUNKS: String(chunks),
        BENCH_TTFT_MS: ttftMs,
        BENCH_TOKEN_MS: tokenMs,
        ...env,
      },
      core,
      mainThreadOnly,
    });
    servers.push(server);
    return server;
  };
  // The load client (this process, every thread) shares the last core with the upstream, so nothing but the
  // gateway under test ever runs on core 0: a client preempting the gateway would show up as gateway latency.
  if (process.platform === 'linux' && cpus().length > 1 && existsSync('/usr/bin/taskset')) {
    execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', String(lastCore), String(process.pid)], { stdio: 'ignore' });
  }
  try {
    // The gateway gets a core of its own (the first: other benchmarks pin their servers to the last); the fake
    // upstream, identity (idle after the JWKS fetch) and the load client share the rest.
    const upstream = await start('upstream', {}, lastCore);
    const identity = await start('identity', {}, lastCore);
    // The gateway runs with the V8 flags the launcher gives it (apps/platform/src/runtime-flags.ts); the floor too,
    // so it stays the floor of the gateway as deployed.
    const gatewayNodeOptions = nodeOptionsFor('integrations', process.env.NODE_OPTIONS) ?? '';
    const integrations = await start(
      'integrations',
      { BENCH_IDENTITY_URL: identity.url, BENCH_UPSTREAM_URL: upstream.url, NODE_OPTIONS: gatewayNodeOptions },
      0,
      pinMainOnly,
    );
    const floor = await start(
      'floor',
      { BENCH_UPSTREAM_URL: upstream.url, NODE_OPTIONS: gatewayNodeOptions },
      0,
      pinMainOnly,
    );
    const tokenRes = await fetch(`${identity.url}/api/auth/service-token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(signServiceTokenRequest({ serviceId: 'messaging', secret, now: Date.now() })),
    });
    if (!tokenRes.ok) throw new Error(`service token: ${tokenRes.status} ${await tokenRes.text()}`);
    const { token } = (await tokenRes.json()) as { token: string };

    const rows: Row[] = [];
    for (const [concurrency, total] of [
      [1, requestsAtC1],
      [64, requestsAtC64],
    ] as const) {
      rows.push({
        path: 'direct to upstream',
        concurrency,
        ...(await measure(
          null,
          `${upstream.url}/hf/v1/chat/completions`,
          upstreamBody,
          { authorization: 'Bearer hf_bench_key' },
          concurrency,
          total,
        )),
      });
      rows.push({
        path: 'through integrations',
        concurrency,
        ...(await measure(
          integrations.url,
          `${integrations.url}/api/internal/execute`,
          gatewayBody,
          { authorization: `Bearer ${token}` },
          concurrency,
          total,
        )),
      });
      rows.push({
        path: 'floor: kit route piping undici',
        concurrency,
        ...(await measure(floor.url, `${floor.url}/api/internal/execute`, upstreamBody, {}, concurrency, total)),
      });
    }
    const bursts = [
      {
        path: 'direct to upstream',
        ttfts: await measureBurst(
          `${upstream.url}/hf/v1/chat/completions`,
          upstreamBody,
          { authorization: 'Bearer hf_bench_key' },
          64,
          burstRounds,
        ),
      },
      {
        path: 'through integrations',
        ttfts: await measureBurst(
          `${integrations.url}/api/internal/execute`,
          gatewayBody,
          { authorization: `Bearer ${token}` },
          64,
          burstRounds,
        ),
      },
      {
        path: 'floor: kit route piping undici',
        ttfts: await measureBurst(`${floor.url}/api/internal/execute`, upstreamBody, {}, 64, burstRounds),
      },
    ];

    // BENCH_TIMINGS_FILE: every call's start, first-token and total time per row, for looking at the distribution.
    if (process.env.BENCH_TIMINGS_FILE)
      writeFileSync(
        process.env.BENCH_TIMINGS_FILE,
        JSON.stringify(rows.map((r) => ({ path: r.path, concurrency: r.concurrency, timings: r.result.timings }))),
      );
    const pacing =
      ttftMs === '0' && tokenMs === '0'
        ? 'unpaced (saturation)'
        : `upstream paced: first token after ${ttftMs} ms, then one every ${tokenMs} ms`;
    console.log(
      `\nintegrations: streamed chat answer of ${chunks} content chunks, ${pacing}; node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model})\n`,
    );
    // CPU per request and its inverse, requests per CPU-second, compare servers independently of what else the
    // machine was running; at concurrency 64 on a saturated core the added latency is mostly queueing.
    console.log(
      '| path | concurrency | requests | errors | req/s | TTFT p50 ms | TTFT p99 ms | total p50 ms | total p99 ms | server CPU ms/request | req per CPU-second |',
    );
    console.log('|---|---|---|---|---|---|---|---|---|---|---|');
    for (const { path, concurrency, result, cpuMsPerRequest } of rows) {
      const ttft = result.timings.map((t) => t.ttft);
      const total = result.timings.map((t) => t.total);
      console.log(
        `| ${path} | ${concurrency} | ${result.timings.length} | ${result.errors} | ${Math.round(result.callsAfterSteady / result.seconds)} | ${fmt(percentile(ttft, 50))} | ${fmt(percentile(ttft, 99))} | ${fmt(percentile(total, 50))} | ${fmt(percentile(total, 99))} | ${cpuMsPerRequest === null ? '' : fmt(cpuMsPerRequest)} | ${cpuMsPerRequest === null ? '' : Math.round(1000 / cpuMsPerRequest)} |`,
      );
    }
    console.log('\n| added by integrations | concurrency | TTFT p50 ms | TTFT p99 ms | total p50 ms | total p99 ms |');
    console.log('|---|---|---|---|---|---|');
    for (const concurrency of [1, 64]) {
      const [direct, gateway] = rows
        .filter((r) => r.concurrency === concurrency && r.path !== 'floor: kit route piping undici')
        .map((r) => r.result.timings);
      const added = (pick: (t: { ttft: number; total: number }) => number, p: number) =>
        fmt(percentile(gateway!.map(pick), p) - percentile(direct!.map(pick), p));
      console.log(
        `| | ${concurrency} | ${added((t) => t.ttft, 50)} | ${added((t) => t.ttft, 99)} | ${added((t) => t.total, 50)} | ${added((t) => t.total, 99)} |`,
      );
    }
    console.log('\nGoal at concurrency 64: added p50 <= 2 ms and added p99 <= 10 ms.');
    console.log(
      `\n| 64 calls released in the same millisecond (${burstRounds} rounds) | TTFT p50 ms | TTFT p90 ms | TTFT max ms |`,
    );
    console.log('|---|---|---|---|');
    for (const { path, ttfts } of bursts)
      console.log(
        `| ${path} | ${fmt(percentile(ttfts, 50))} | ${fmt(percentile(ttfts, 90))} | ${fmt(Math.max(...ttfts))} |`,
      );
  } finally {
    for (const server of servers.reverse()) await server.stop();
    await dropDatabase(adminUrl, dbName);
  }
}
