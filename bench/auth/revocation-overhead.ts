// Revocation overhead (issue 16): authenticated requests to a catalog-like route with identity's revocation feed
// followed and API-key scopes enforced, side by side with today's verifier (no feed). Goal: the checks cost <= 5%.
// Needs DATABASE_URL (a scratch database is created and dropped). `npm run bench -- revocation-overhead`.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dropDatabase, ensureDatabase } from '@symbia/db';
import autocannon from 'autocannon';
import { startBenchServer, type BenchServer } from '../support/bench-server.js';
import { cpuSeconds, median } from '../support/stats.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 3);
// Per server: the pair under load shares one core, so each side gets half of the usual 50.
const connections = Number(process.env.BENCH_CONNECTIONS ?? 25);
const rounds = Number(process.env.BENCH_ROUNDS ?? 9);
// Revocations applied before measuring, so the checked server screens against a non-empty list.
const LOGOUTS = Number(process.env.BENCH_LOGOUTS ?? 100);
const TOKENS = 20;

interface Sample {
  rps: number;
  perCpuSecond: number;
  errors: number;
}

const PASSWORD = 'correct horse battery';

async function call(method: string, url: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
    ...(token && { authorization: `Bearer ${token}` }),
  };
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** `TOKENS` live user tokens, round-robin, plus `LOGOUTS` revoked sessions and one removed membership on the feed. */
async function seed(identityUrl: string): Promise<string[]> {
  const owner = await call('POST', `${identityUrl}/api/auth/register`, {
    email: 'owner@bench.test',
    password: PASSWORD,
    name: 'Owner',
    orgName: 'Bench Org',
  });
  const orgId = (owner.organization as { id: string }).id;
  const tokens: string[] = [];
  for (let i = 0; i < TOKENS; i += 1) {
    const email = `member${i}@bench.test`;
    await call('POST', `${identityUrl}/api/auth/register`, { email, password: PASSWORD, name: `Member ${i}` });
    const membership = await call(
      'POST',
      `${identityUrl}/api/orgs/${orgId}/members/invite`,
      { email, role: 'member' },
      owner.token as string,
    );
    if (i === 0)
      await call(
        'DELETE',
        `${identityUrl}/api/orgs/${orgId}/members/${membership.id as string}`,
        undefined,
        owner.token as string,
      );
    tokens.push((await call('POST', `${identityUrl}/api/auth/login`, { email, password: PASSWORD })).token as string);
  }
  for (let i = 0; i < LOGOUTS; i += 1) {
    const { token } = await call('POST', `${identityUrl}/api/auth/login`, {
      email: 'owner@bench.test',
      password: PASSWORD,
    });
    await call('POST', `${identityUrl}/api/auth/logout`, undefined, token as string);
  }
  return tokens;
}

async function load(server: BenchServer, tokens: string[], seconds: number): Promise<Sample> {
  const cpuBefore = cpuSeconds(server.pid);
  const requests = tokens.map((token) => ({
    method: 'GET' as const,
    path: '/api/resources',
    headers: { authorization: `Bearer ${token}` },
  }));
  const result = await autocannon({ url: server.url, connections, duration: seconds, requests });
  const cpu = cpuSeconds(server.pid) - cpuBefore;
  return {
    rps: result.requests.average,
    perCpuSecond: cpu > 0 ? result.requests.total / cpu : Number.NaN,
    errors: result.errors + result.non2xx,
  };
}

const percent = (ratio: number) => `${(ratio * 100).toFixed(1)}%`;

export async function runRevocationOverhead(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('revocation-overhead needs DATABASE_URL (a PostgreSQL server)');
  const dbName = `symbia_bench_revocation_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, dbName);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    BENCH_SERVICE_SECRET: randomBytes(32).toString('hex'),
    BENCH_ADMIN_EMAIL: 'bench-admin@example.test',
    BENCH_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
  };
  const lastCore = cpus().length - 1;
  const identity = await startBenchServer(serversFile, 'identity', { env, core: Math.max(0, lastCore - 1) });
  const servers: BenchServer[] = [];
  const samples: Array<[plain: Sample, checked: Sample]> = [];
  try {
    const tokens = await seed(identity.url);
    const serverEnv = { ...env, BENCH_IDENTITY_URL: identity.url };
    const plain = await startBenchServer(serversFile, 'plain', { env: serverEnv, core: lastCore });
    servers.push(plain);
    const checked = await startBenchServer(serversFile, 'checked', { env: serverEnv, core: lastCore });
    servers.push(checked);
    // Sanity: the removed member's token still verifies (only its org is gone) and every token answers 200 on both.
    for (const token of tokens)
      for (const server of servers) await call('GET', `${server.url}/api/resources`, undefined, token);
    await Promise.all([load(plain, tokens, 2), load(checked, tokens, 2)]);
    for (let round = 0; round < rounds; round += 1) {
      const [a, b] = await Promise.all([load(plain, tokens, durationSeconds), load(checked, tokens, durationSeconds)]);
      samples.push([a, b]);
    }
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await identity.stop();
    await dropDatabase(adminUrl, dbName);
  }
  const capacity = samples.map(([a, b]) => b.perCpuSecond / a.perCpuSecond);
  const rps = samples.map(([a, b]) => b.rps / a.rps);
  if (process.env.BENCH_VERBOSE) console.log('checked/plain per round', capacity.map((r) => r.toFixed(3)).join(' '));
  console.log(
    `\nrevocation-overhead: GET /api/resources with ${TOKENS} user tokens round-robin, ${rounds} rounds of ${durationSeconds} s; in each, both servers ` +
      `under load at the same time (${connections} connections each, both pinned to one CPU), node ${process.version}, ${cpus()[0]?.model}\n`,
  );
  console.log(
    '| server | req per server CPU-second (median) | vs plain (median) | lowest–highest round | req/s vs plain (median) | errors |',
  );
  console.log('|---|---|---|---|---|---|');
  console.log(
    `| plain (verifier, no feed) | ${Math.round(median(samples.map(([a]) => a.perCpuSecond)))} | 100.0% | | 100.0% | ${samples.reduce((s, [a]) => s + a.errors, 0)} |`,
  );
  console.log(
    `| checked (feed + scope checks) | ${Math.round(median(samples.map(([, b]) => b.perCpuSecond)))} | ${percent(median(capacity))} | ` +
      `${percent(Math.min(...capacity))}–${percent(Math.max(...capacity))} | ${percent(median(rps))} | ${samples.reduce((s, [, b]) => s + b.errors, 0)} |`,
  );
  console.log(`\nthe checks cost ${percent(1 - median(capacity))} of requests per CPU-second (goal <= 5%)`);
}
