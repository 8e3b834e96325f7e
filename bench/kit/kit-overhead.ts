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
// Per server: a pair under load shares one core, so each side gets half of the usual 50.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 25);
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
const baseline = 'fastify' as const;
const contenders = ['node', 'fastify-headers', 'fastify-required', 'kit'] as const;
type Kind = (typeof contenders)[number];

const canPin = process.platform === 'linux' && cpus().length > 1 && existsSync('/usr/bin/taskset');
const setOwnAffinity = (cpuList: string) =>
  execFileSync('/usr/bin/taskset', ['-a', '-p', '-c', cpuList, String(process.pid)], { stdio: 'ignore' });

interface Sample {
  rps: number;
  /** Requests per CPU-second of the server process: its capacity on one core, whatever the load generator takes. */
  perCpuSecond: number;
  errors: number;
}

async function load(server: BenchServer, seconds: number): Promise<Sample> {
  const cpuBefore = cpuSeconds(server.pid);
  const result = await autocannon({ url: `${server.url}/api/hello`, connections, duration: seconds });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return {
    rps: result.requests.average,
    perCpuSecond: cpu > 0 ? result.requests.total / cpu : Number.NaN,
    errors: result.errors + result.non2xx,
  };
}

/** A contender and its own bare-Fastify twin. */
interface Pair {
  fastify: BenchServer;
  other: BenchServer;
}

/**
 * Bare Fastify and one contender under load at the same moment, on the same core: whatever the host's speed
 * does during those seconds, it does to both, so their ratio holds still where back-to-back runs drift apart.
 * Each contender has a Fastify twin of its own, busy and idle at the same times: with one Fastify shared by all
 * pairs (never idle, while each contender rests between its turns) every Fastify-based contender lost ~15 points
 * against it after about 100 s of a run.
 */
const loadPair = (pair: Pair, seconds: number) => Promise.all([load(pair.fastify, seconds), load(pair.other, seconds)]);

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export async function runKitOverhead() {
  // The load generator (this process) keeps off the core the servers are pinned to, until the run is over.
  if (canPin) setOwnAffinity('0');
  const servers = new Map<Kind, Pair>();
  const pairs = new Map<Kind, Array<[Sample, Sample]>>(contenders.map((kind) => [kind, []]));
  try {
    // Every server stays up for the whole run, all pinned to the last core.
    for (const kind of contenders)
      servers.set(kind, {
        fastify: await startBenchServer(serversFile, baseline),
        other: await startBenchServer(serversFile, kind),
      });
    // Warm up the JIT of each before anything is measured.
    for (const kind of contenders) await loadPair(servers.get(kind)!, 2);
    for (let round = 0; round < rounds; round += 1) {
      const order = round % 2 === 0 ? contenders : [...contenders].reverse();
      for (const kind of order) pairs.get(kind)!.push(await loadPair(servers.get(kind)!, durationSeconds));
    }
  } finally {
    await Promise.all([...servers.values()].flatMap((pair) => [pair.fastify.stop(), pair.other.stop()]));
    if (canPin) setOwnAffinity(`0-${cpus().length - 1}`);
  }

  const ratios = (kind: Kind, field: 'rps' | 'perCpuSecond') =>
    pairs.get(kind)!.map(([fastify, other]) => other[field] / fastify[field]);
  if (process.env.BENCH_VERBOSE) {
    // Every round's capacity ratio, in the order measured: shows whether a median hides a trend.
    for (const kind of contenders)
      console.log(
        kind,
        ratios(kind, 'perCpuSecond')
          .map((ratio) => ratio.toFixed(3))
          .join(' '),
      );
  }
  const baselineCapacity = [...pairs.values()].flat().map(([fastify]) => fastify.perCpuSecond);
  console.log(
    `\nkit-overhead: GET /api/hello, ${rounds} rounds of ${durationSeconds} s; in each, bare Fastify and one other server under load at the same time ` +
      `(${connections} connections each, both pinned to one CPU, the load generator to another), node ${process.version}\n`,
  );
  console.log(
    '| server | req per server CPU-second (median) | capacity vs bare Fastify (median) | lowest–highest round | req/s vs bare Fastify (median) | errors |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| ${baseline} | ${Math.round(median(baselineCapacity))} | 100.0% | | 100.0% | ${[...pairs.values()].flat().reduce((sum, [fastify]) => sum + fastify.errors, 0)} |`,
  );
  for (const kind of contenders) {
    const capacity = ratios(kind, 'perCpuSecond');
    console.log(
      `| ${kind} | ${Math.round(median(pairs.get(kind)!.map(([, other]) => other.perCpuSecond)))} | ${percent(median(capacity))} | ` +
        `${percent(Math.min(...capacity))}–${percent(Math.max(...capacity))} | ${percent(median(ratios(kind, 'rps')))} | ${pairs.get(kind)!.reduce((sum, [, other]) => sum + other.errors, 0)} |`,
    );
  }
  console.log(
    `\nkit keeps ${percent(median(ratios('kit', 'perCpuSecond')))} of bare Fastify's requests per CPU-second and ${percent(median(ratios('kit', 'rps')))} of its req/s ` +
      `(medians of ${rounds} simultaneous rounds; goal >= 80%); fastify-required, bare Fastify doing only what every response must carry, keeps ` +
      `${percent(median(ratios('fastify-required', 'perCpuSecond')))}`,
  );
}
