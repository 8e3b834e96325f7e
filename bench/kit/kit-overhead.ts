// Kit overhead: a trivial JSON route through the full kit vs bare Fastify vs raw node:http, side by side.
// Goal (issue: platform foundation): the kit keeps >= 80% of bare Fastify's requests/s.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startBenchServer, type BenchServer } from '../support/bench-server.js';
import { cpuSeconds, median } from '../support/stats.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 3);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// The machine's speed drifts from one minute to the next on shared hosts, so the servers are compared in short
// back-to-back runs, round after round (the order reversed every other round), and each comparison is taken
// within a round; the result is the median over rounds.
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const kinds = ['node', 'fastify', 'fastify-headers', 'kit'] as const;
type Kind = (typeof kinds)[number];

const canPin = process.platform === 'linux' && cpus().length > 1 && existsSync('/usr/bin/taskset');
const setOwnAffinity = (cpuList: string) => execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' });

interface Sample {
  rps: number;
  /** Requests per CPU-second of the server process: its capacity on one core, whatever the load generator takes. */
  perCpuSecond: number;
  p50: number;
  p99: number;
  errors: number;
}

async function measure(server: BenchServer, seconds: number): Promise<Sample> {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({ url: `${server.url}/api/hello`, connections, duration: seconds });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return {
    rps: result.requests.average,
    perCpuSecond: cpu > 0 ? result.requests.total / cpu : Number.NaN,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx,
  };
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export async function runKitOverhead() {
  // The load generator (this process) keeps off the core the servers are pinned to, until the run is over.
  if (canPin) setOwnAffinity('0');
  const servers = new Map<Kind, BenchServer>();
  const samples = new Map<Kind, Sample[]>(kinds.map((kind) => [kind, []]));
  try {
    // Every server stays up for the whole run (pinned to the last core; only the one under load does any work).
    for (const kind of kinds) servers.set(kind, await startBenchServer(serversFile, kind));
    // Warm up the JIT of each before anything is measured.
    for (const kind of kinds) await measure(servers.get(kind)!, 2);
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? kinds : [...kinds].reverse();
      for (const kind of order) samples.get(kind)!.push(await measure(servers.get(kind)!, durationSeconds));
    }
  } finally {
    await Promise.all([...servers.values()].map((server) => server.stop()));
    if (canPin) setOwnAffinity(`0-${cpus().length - 1}`);
  }

  const of = (kind: Kind) => samples.get(kind)!;
  // Per-round ratios against Fastify measured seconds apart, then their median.
  const ratioTo = (kind: Kind, field: 'rps' | 'perCpuSecond') => of(kind).map((sample, round) => sample[field] / of('fastify')[round]![field]);
  console.log(
    `\nkit-overhead: GET /api/hello, ${connections} connections, ${rounds} rounds of ${durationSeconds} s per server (order reversed every other round), node ${process.version}, servers pinned to one CPU and the load generator to another\n`,
  );
  console.log('| server | req/s (median) | req per server CPU-second (median) | p50 ms | p99 ms | errors | req/s vs bare Fastify | capacity vs bare Fastify | capacity ratio, lowest–highest round |');
  console.log('|---|---|---|---|---|---|---|---|---|');
  for (const kind of kinds) {
    const capacity = ratioTo(kind, 'perCpuSecond');
    console.log(
      `| ${kind} | ${Math.round(median(of(kind).map((s) => s.rps)))} | ${Math.round(median(of(kind).map((s) => s.perCpuSecond)))} | ` +
        `${median(of(kind).map((s) => s.p50))} | ${median(of(kind).map((s) => s.p99))} | ${of(kind).reduce((sum, s) => sum + s.errors, 0)} | ` +
        `${percent(median(ratioTo(kind, 'rps')))} | ${percent(median(capacity))} | ${percent(Math.min(...capacity))}–${percent(Math.max(...capacity))} |`,
    );
  }
  console.log(
    `\nkit keeps ${percent(median(ratioTo('kit', 'perCpuSecond')))} of bare Fastify's requests per CPU-second and ${percent(median(ratioTo('kit', 'rps')))} of its req/s (medians of ${rounds} paired rounds; goal >= 80%)`,
  );
}
