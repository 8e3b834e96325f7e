// Kit overhead: a trivial JSON route through the full kit vs bare Fastify vs raw node:http, side by side.
// Goal (issue: platform foundation): the kit keeps >= 80% of bare Fastify's requests/s.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startBenchServer } from '../support/bench-server.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
// Rounds alternate the servers; each server keeps its best round, since on a shared machine interference only
// ever slows a run down.
const rounds = Number(process.env.BENCH_ROUNDS ?? 3);

/** utime + stime of a process from /proc (Linux), in seconds. */
function cpuSeconds(pid: number): number {
  if (process.platform !== 'linux') return Number.NaN;
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  const ticksPerSecond = 100;
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

async function measure(kind: string) {
  const server = await startBenchServer(serversFile, kind);
  try {
    // Warm up the JIT before the measured run.
    await autocannon({ url: `${server.url}/api/hello`, connections, duration: 2 });
    const cpuBefore = cpuSeconds(server.pid);
    const result = await autocannon({ url: `${server.url}/api/hello`, connections, duration: durationSeconds });
    const cpu = cpuSeconds(server.pid) - cpuBefore;
    return {
      kind,
      rps: result.requests.average,
      // Requests per CPU-second of the server process: its capacity on one core, independent of how much CPU
      // the load generator (on the same small machine) takes away.
      perCpuSecond: cpu > 0 ? result.requests.total / cpu : Number.NaN,
      p50: result.latency.p50,
      p99: result.latency.p99,
      errors: result.errors + result.non2xx,
    };
  } finally {
    await server.stop();
  }
}

type Row = Awaited<ReturnType<typeof measure>>;

export async function runKitOverhead() {
  const kinds = ['node', 'fastify', 'kit'];
  const best = new Map<string, Row>();
  for (let round = 0; round < rounds; round += 1) {
    for (const kind of kinds) {
      const row = await measure(kind);
      const previous = best.get(kind);
      if (!previous || row.perCpuSecond > previous.perCpuSecond) best.set(kind, row);
    }
  }
  const rows = kinds.map((kind) => best.get(kind)!);
  const fastify = best.get('fastify')!;
  console.log(`\nkit-overhead: GET /api/hello, ${connections} connections, ${durationSeconds} s each, best of ${rounds} alternating rounds, node ${process.version}, server pinned to one CPU\n`);
  console.log('| server | req/s | req per server CPU-second | p50 ms | p99 ms | errors | req/s vs bare Fastify | capacity vs bare Fastify |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const share = ((row.perCpuSecond / fastify.perCpuSecond) * 100).toFixed(1);
    const rpsShare = ((row.rps / fastify.rps) * 100).toFixed(1);
    console.log(`| ${row.kind} | ${Math.round(row.rps)} | ${Math.round(row.perCpuSecond)} | ${row.p50} | ${row.p99} | ${row.errors} | ${rpsShare}% | ${share}% |`);
  }
  const kit = best.get('kit')!;
  console.log(`\nkit keeps ${((kit.perCpuSecond / fastify.perCpuSecond) * 100).toFixed(1)}% of bare Fastify's requests per CPU-second and ${((kit.rps / fastify.rps) * 100).toFixed(1)}% of its req/s (goal >= 80%)`);
}
