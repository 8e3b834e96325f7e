// Kit overhead: a trivial JSON route through the full kit vs bare Fastify vs raw node:http, side by side.
// Goal (issue: platform foundation): the kit keeps >= 80% of bare Fastify's requests/s.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import { startBenchServer } from '../support/bench-server.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

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

export async function runKitOverhead() {
  const rows = [];
  for (const kind of ['node', 'fastify', 'kit']) rows.push(await measure(kind));
  const fastify = rows.find((row) => row.kind === 'fastify')!;
  console.log(`\nkit-overhead: GET /api/hello, ${connections} connections, ${durationSeconds} s each, node ${process.version}, server pinned to one CPU\n`);
  console.log('| server | req/s | req per server CPU-second | p50 ms | p99 ms | errors | capacity vs bare Fastify |');
  console.log('|---|---|---|---|---|---|---|');
  for (const row of rows) {
    const share = ((row.perCpuSecond / fastify.perCpuSecond) * 100).toFixed(1);
    console.log(`| ${row.kind} | ${Math.round(row.rps)} | ${Math.round(row.perCpuSecond)} | ${row.p50} | ${row.p99} | ${row.errors} | ${share}% |`);
  }
  const kit = rows.find((row) => row.kind === 'kit')!;
  console.log(`\nkit keeps ${((kit.perCpuSecond / fastify.perCpuSecond) * 100).toFixed(1)}% of bare Fastify's requests per CPU-second (goal >= 80%)`);
}
