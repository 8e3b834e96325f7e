// Catalog benchmarks (issue: catalog service). Needs DATABASE_URL (a scratch database is created and dropped).
// `npm run bench -- catalog`; BENCH_DURATION / BENCH_CONNECTIONS as in the other benchmarks.
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dropDatabase, ensureDatabase } from '@symbia/db';
import autocannon from 'autocannon';
import { resourcePageSchema } from '../../services/catalog/src/routes/resources.schemas.js';
import { startBenchServer } from '../support/bench-server.js';
import { cpuSeconds } from '../support/stats.js';

const serversFile = fileURLToPath(new URL('./servers.ts', import.meta.url));
const durationSeconds = Number(process.env.BENCH_DURATION ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);
const PUBLIC_ROWS = 120;
const ORG_ROWS = 150;

interface Measured {
  rps: number;
  /** Requests per CPU-second of the catalog process: its one-core capacity, steadier than req/s on a shared box. */
  perCpuSecond: number;
  p50: number;
  p99: number;
  errors: number;
  kib: number;
}

async function load(serverPid: number, opts: autocannon.Options): Promise<Measured> {
  await autocannon({ ...opts, duration: 2 });
  const cpuBefore = cpuSeconds(serverPid);
  const r = await autocannon({ ...opts, connections, duration: durationSeconds });
  const cpu = cpuSeconds(serverPid) - cpuBefore;
  return {
    rps: Math.round(r.requests.average),
    perCpuSecond: cpu > 0 ? Math.round(r.requests.total / cpu) : Number.NaN,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.non2xx,
    kib: Math.round(r.throughput.average / Math.max(1, r.requests.average) / 1024),
  };
}

async function call(method: string, url: string, body?: unknown, token?: string): Promise<Record<string, unknown>> {
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
    ...(token && { authorization: `Bearer ${token}` }),
  };
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
  return res.json() as Promise<Record<string, unknown>>;
}

/** Metadata shaped like a real assistant row (rule set, LLM config), about 1 KiB of JSON. */
const metadataOf = (i: number) => ({
  alias: `bench-${i}`,
  curriculumLevel: (i % 5) + 1,
  llmConfig: { provider: 'huggingface', model: 'meta-llama/Llama-3.2-3B-Instruct', temperature: 0.3, maxTokens: 1024 },
  assistantConfig: {
    principalId: `assistant:bench-${i}`,
    principalType: 'assistant',
    capabilities: ['messaging.send', 'catalog.search'],
  },
  ruleSet: {
    id: `bench-${i}-rules`,
    name: `Bench ${i} rules`,
    version: 1,
    isActive: true,
    rules: [1, 2, 3].map((n) => ({
      id: `r${n}`,
      name: `Rule ${n}`,
      description: 'Replies when the message matches',
      priority: n * 10,
      enabled: true,
      trigger: 'message.received',
      conditions: {
        logic: 'and',
        conditions: [{ field: 'message.content', operator: 'contains', value: `topic-${n}` }],
      },
      actions: [{ type: 'message.send', params: { template: '{{message.content}}' } }],
    })),
  },
});

async function seed(catalogUrl: string, adminToken: string, userToken: string, orgId: string): Promise<string> {
  const publicPolicy = {
    visibility: 'public',
    actions: { read: { anyOf: ['public'] }, write: { anyOf: ['role:admin'] } },
  };
  let sample = '';
  for (let i = 0; i < PUBLIC_ROWS; i += 1) {
    // Every fifth row mentions "widget", so search has something to find.
    const name = i % 5 === 0 ? `Widget assistant ${i}` : `Bench assistant ${i}`;
    const row = await call(
      'POST',
      `${catalogUrl}/api/resources`,
      {
        key: `bench/public/${i}`,
        name,
        type: 'assistant',
        status: 'published',
        tags: ['bench', `group:${i % 7}`],
        accessPolicy: publicPolicy,
        metadata: metadataOf(i),
      },
      adminToken,
    );
    sample = row.id as string;
  }
  for (let i = 0; i < ORG_ROWS; i += 1) {
    await call(
      'POST',
      `${catalogUrl}/api/resources`,
      { key: `bench/org/${i}`, name: `Org graph ${i}`, type: 'graph', orgId, tags: ['bench'], metadata: metadataOf(i) },
      userToken,
    );
  }
  return sample;
}

/** Cost of the response schema alone: zod parse (whitelisting fields, STYLE 8) + JSON.stringify vs JSON.stringify, per 100-row page. */
function serializerCost(page: { items: Record<string, unknown>[]; nextCursor: string | null }) {
  const revived = {
    ...page,
    items: page.items.map((r) => ({
      ...r,
      createdAt: new Date(r.createdAt as string),
      updatedAt: new Date(r.updatedAt as string),
    })),
  };
  const time = (fn: () => void) => {
    for (let i = 0; i < 200; i += 1) fn();
    const n = 2000;
    const start = performance.now();
    for (let i = 0; i < n; i += 1) fn();
    return (performance.now() - start) / n;
  };
  const schema = time(() => JSON.stringify(resourcePageSchema.parse(revived)));
  const plain = time(() => JSON.stringify(revived));
  return { schemaMs: schema, plainMs: plain };
}

export async function runCatalogBenchmarks(): Promise<void> {
  const adminUrl = process.env.DATABASE_URL;
  if (!adminUrl) throw new Error('catalog benchmarks need DATABASE_URL (a PostgreSQL server)');
  const dbName = `symbia_bench_catalog_${randomBytes(4).toString('hex')}`;
  await ensureDatabase(adminUrl, dbName);
  const dbUrl = new URL(adminUrl);
  dbUrl.pathname = `/${dbName}`;
  const secret = randomBytes(32).toString('hex');
  const admin = { email: 'bench-admin@example.test', password: randomBytes(12).toString('hex') };
  const lastCore = cpus().length - 1;
  const env = {
    DATABASE_URL: dbUrl.toString(),
    BENCH_SERVICE_SECRET: secret,
    BENCH_ADMIN_EMAIL: admin.email,
    BENCH_ADMIN_PASSWORD: admin.password,
  };
  const identity = await startBenchServer(serversFile, 'identity', { env, core: Math.max(0, lastCore - 1) });
  let catalog: Awaited<ReturnType<typeof startBenchServer>> | undefined;
  try {
    catalog = await startBenchServer(serversFile, 'catalog', {
      env: { ...env, BENCH_IDENTITY_URL: identity.url },
      core: lastCore,
    });
    const adminToken = (await call('POST', `${identity.url}/api/auth/login`, admin)).token as string;
    const user = await call('POST', `${identity.url}/api/auth/register`, {
      email: 'bench-user@example.test',
      password: 'correct horse battery',
      name: 'Bench',
      orgName: 'Bench Org',
    });
    const userToken = user.token as string;
    const orgId = (user.organization as { id: string }).id;
    const sampleId = await seed(catalog.url, adminToken, userToken, orgId);

    const listUrl = `${catalog.url}/api/resources?limit=100`;
    const anonymousPage = (await call('GET', listUrl)) as {
      items: Record<string, unknown>[];
      nextCursor: string | null;
    };
    const userPage = (await call('GET', listUrl, undefined, userToken)) as { items: unknown[] };
    if (anonymousPage.items.length !== 100 || userPage.items.length !== 100)
      throw new Error('the list benchmark needs 100 rows per page');
    const searchBody = JSON.stringify({ query: 'widget', limit: 50 });
    const searchHits = (
      (await call('POST', `${catalog.url}/api/search`, { query: 'widget', limit: 50 })) as { items: unknown[] }
    ).items.length;
    const auth = { authorization: `Bearer ${userToken}` };

    const pid = catalog.pid;
    const anonList = await load(pid, { url: listUrl });
    const userList = await load(pid, { url: listUrl, headers: auth });
    const search = await load(pid, {
      url: `${catalog.url}/api/search`,
      method: 'POST',
      headers: { 'content-type': 'application/json', ...auth },
      body: searchBody,
    });
    const single = await load(pid, { url: `${catalog.url}/api/resources/${sampleId}`, headers: auth });
    const serializer = serializerCost(anonymousPage);

    console.log(
      `\ncatalog: ${connections} connections, ${durationSeconds} s per HTTP run, node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model})`,
    );
    console.log(
      `seed: ${PUBLIC_ROWS} public published assistants + ${ORG_ROWS} org graphs (~1 KiB metadata each) + the bootstrap set\n`,
    );
    console.log('| measure | req/s | req per server CPU-second | p50 ms | p99 ms | KiB/response | errors |');
    console.log('|---|---|---|---|---|---|---|');
    const row = (label: string, m: Measured) =>
      console.log(`| ${label} | ${m.rps} | ${m.perCpuSecond} | ${m.p50} | ${m.p99} | ${m.kib} | ${m.errors} |`);
    row('GET /api/resources?limit=100, anonymous (100 rows)', anonList);
    row('GET /api/resources?limit=100, org member token (100 rows)', userList);
    row(`POST /api/search {query:"widget"} (${searchHits} rows), token`, search);
    row('GET /api/resources/:id, token', single);
    console.log(
      `\nresponse schema per 100-row page: zod parse + JSON.stringify ${serializer.schemaMs.toFixed(3)} ms, JSON.stringify alone ${serializer.plainMs.toFixed(3)} ms`,
    );
  } finally {
    await catalog?.stop();
    await identity.stop();
    await dropDatabase(adminUrl, dbName);
  }
}
