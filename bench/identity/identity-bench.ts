// Identity benchmarks. Needs DATABASE_URL (a scratch database is created and dropped).
// `npm run bench -- identity`; BENCH_DURATION / BENCH_CONNECTIONS as in kit-overhead.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { hash, verify, type Algorithm } from '@node-rs/argon2';
import { createJwtVerifier, signServiceTokenRequest } from '@symbia/auth';
import { dropDatabase, ensureDatabase } from '@symbia/db';
import autocannon from 'autocannon';
import { startBenchServer } from '../support/bench-server.js';
import { cpuSeconds } from '../support/stats.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const ARGON2ID = 2 as Algorithm;

const startServer = (kind: string, env: Record<string, string>, core: number) =>
  startBenchServer(serversFile, kind, { env, core });

/**
 * req/s as the load generator saw it, plus requests per CPU-second of the server process: on a 2-core box the
 * load generator and PostgreSQL saturate before the pinned server does, so the second figure is its capacity.
 */
async function load(opts: autocannon.Options, serverPid: number) {
  await autocannon({ ...opts, duration: 2 });
  const cpuBefore = cpuSeconds(serverPid);
  const r = await autocannon({ ...opts, connections, duration: durationSeconds });
  const cpu = cpuSeconds(serverPid) - cpuBefore;
  return {
    rps: Math.round(r.requests.average),
    perCpu: cpu > 0 ? Math.round(r.requests.total / cpu) : Number.NaN,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
  };
}

/** Sequential verifies on one thread = password logins/s per core (the rest of a login is noise next to argon2). */
async function argon2PerCore(params: { memoryCost: number; timeCost: number; parallelism: number }) {
  const hashed = await hash('correct horse battery staple', { ...params, algorithm: ARGON2ID });
  let n = 0;
  const end = Date.now() + Math.min(durationSeconds, 5) * 1000;
  while (Date.now() < end) {
    await verify(hashed, 'correct horse battery staple');
    n += 1;
  }
  return n / Math.min(durationSeconds, 5);
}

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, string>>;
}

async function verifierOps(jwksUrl: string, tokens: string[]) {
  const cold = createJwtVerifier({ jwksUrl, issuer: 'http://identity.bench', audience: 'symbia' });
  await cold.verify(tokens[0]!); // JWKS fetched once; every other token is a full signature check
  let start = performance.now();
  for (const t of tokens.slice(1)) await cold.verify(t);
  const coldOps = (tokens.length - 1) / ((performance.now() - start) / 1000);
  const iterations = 200_000;
  start = performance.now();
  for (let i = 0; i < iterations; i += 1) await cold.verify(tokens[0]!);
  return { coldOps, cachedOps: iterations / ((performance.now() - start) / 1000) };
}

export async function runIdentityBenchmarks(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('identity benchmarks need DATABASE_URL (a PostgreSQL server)');
  const dbName = `symbia_bench_identity_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, dbName);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const lastCore = cpus().length - 1;
  const identity = await startServer(
    'identity',
    { DATABASE_URL: dbUrl.toString(), BENCH_SERVICE_SECRET: secret },
    lastCore,
  );
  try {
    const prod = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };
    const loginsPerCore = await argon2PerCore(prod);
    const user = await post(`${identity.url}/api/auth/register`, {
      email: 'bench@x.io',
      password: 'correct horse battery',
      name: 'Bench',
    });
    const auth = { authorization: `Bearer ${user.token}` };
    const me = await load({ url: `${identity.url}/api/auth/me`, headers: auth }, identity.pid);
    const intro = await load(
      {
        url: `${identity.url}/api/auth/introspect`,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ token: user.token }),
      },
      identity.pid,
    );
    const svc = await post(
      `${identity.url}/api/auth/service-token`,
      signServiceTokenRequest({ serviceId: 'catalog', secret, now: Date.now() }),
    );
    const key = await post(`${identity.url}/api/api-keys`, { name: 'bench', scopes: ['read'] }, auth);
    const keyIntro = await load(
      {
        url: `${identity.url}/api/auth/introspect`,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${svc.token}` },
        body: JSON.stringify({ token: key.key }),
      },
      identity.pid,
    );
    // Distinct tokens for the cold measurement: each refresh rotates the refresh token and mints a new JWT.
    const tokens = [user.token!];
    let refreshToken = user.refreshToken!;
    for (let i = 0; i < 300; i += 1) {
      const next = await post(`${identity.url}/api/auth/refresh`, { refreshToken });
      tokens.push(next.token!);
      refreshToken = next.refreshToken!;
    }
    const ops = await verifierOps(`${identity.url}/.well-known/jwks.json`, tokens);
    const verifyServer = await startServer('verify', { BENCH_IDENTITY_URL: identity.url }, Math.max(0, lastCore - 1));
    const guarded = await load({ url: `${verifyServer.url}/api/hello`, headers: auth }, verifyServer.pid).finally(() =>
      verifyServer.stop(),
    );

    console.log(
      `\nidentity: ${connections} connections, ${durationSeconds} s per HTTP run, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model})\n`,
    );
    console.log('| measure | result | req per server CPU-second | p99 ms | errors |');
    console.log('|---|---|---|---|---|');
    console.log(`| argon2id verify (m=19456 KiB, t=2, p=1), one core | ${loginsPerCore.toFixed(1)} logins/s | | | |`);
    for (const [name, r] of [
      ['GET /api/auth/me (identity, token + session check + profile)', me],
      ['POST /api/auth/introspect (JWT)', intro],
      ['POST /api/auth/introspect (API key, service caller)', keyIntro],
    ] as const)
      console.log(`| ${name} | ${r.rps} req/s | ${r.perCpu} | ${r.p99} | ${r.errors} |`);
    console.log(`| @symbia/auth verify, cold (signature check per token) | ${Math.round(ops.coldOps)} ops/s | | | |`);
    console.log(`| @symbia/auth verify, cached token | ${Math.round(ops.cachedOps)} ops/s | | | |`);
    console.log(
      `| trivial route behind requireAuth, cached token, one core | ${guarded.rps} req/s | ${guarded.perCpu} | ${guarded.p99} | ${guarded.errors} |`,
    );
    console.log(
      `\nKeycloak publishes ~15 password logins/s per vCPU; argon2id here: ${loginsPerCore.toFixed(1)}/s per core. Goal for requireAuth: >= 10,000 req/s.`,
    );
  } finally {
    await identity.stop();
    await dropDatabase(adminUrl, dbName);
  }
}
