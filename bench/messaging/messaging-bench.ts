// Messaging benchmarks (issue: messaging service). Needs DATABASE_URL (a scratch database is created and dropped).
// `npm run bench -- messaging`; BENCH_DURATION (s, throughput run), BENCH_SOCKETS, BENCH_MESSAGES, BENCH_CHAT_RUNS.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpus } from 'node:os';
import { signServiceTokenRequest } from '@symbia/auth';
import { createTestDatabase, startServices } from '@symbia/testing';
import { runChatTtft } from './chat-ttft.js';
import { startFakeUpstream } from './fake-upstream.js';
import { runFanout } from './fanout.js';
import { ms } from '../support/stats.js';

const seconds = Number(process.env.BENCH_DURATION ?? 10);
const socketCount = Number(process.env.BENCH_SOCKETS ?? 100);
const messageCount = Number(process.env.BENCH_MESSAGES ?? 300);
const chatRuns = Number(process.env.BENCH_CHAT_RUNS ?? 100);
const concurrency = 8;

async function post(url: string, body: unknown, token?: string): Promise<Record<string, unknown>> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token && { authorization: `Bearer ${token}` }) },
    body: JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${url}: ${res.status} ${await res.text()}`);
  return (await res.json()) as Record<string, unknown>;
}

/** Pins a running process and all its threads to one core (Linux), like bench/support does for spawned servers. */
function pin(pid: number, core: number): boolean {
  if (process.platform !== 'linux' || cpus().length < 2) return false;
  return spawnSync('taskset', ['-a', '-p', '-c', String(core), String(pid)], { stdio: 'ignore' }).status === 0;
}

export async function runMessagingBenchmarks(): Promise<void> {
  if (!process.env.DATABASE_URL) throw new Error('messaging benchmarks need DATABASE_URL (a PostgreSQL server)');
  const hfKey = `hf_bench_${randomBytes(8).toString('hex')}`;
  const upstream = await startFakeUpstream(hfKey);
  const database = await createTestDatabase({ prefix: 'bench_messaging' });
  const platform = await startServices({
    services: ['identity', 'integrations', 'messaging'],
    databaseUrl: database.url,
    env: {
      LOG_LEVEL: 'warn',
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      HUGGINGFACE_BASE_URL: upstream.url,
      HUGGINGFACE_API_KEY: hfKey,
      // No catalog in this run: the refused lookup is remembered, so the default prompt is used without waiting.
      CATALOG_SERVICE_URL: 'http://127.0.0.1:9',
      DEMO_CHAT_RATE_PER_MINUTE: '1000000',
      DEMO_CHAT_GLOBAL_RATE_PER_MINUTE: '1000000',
    },
    readyTimeoutMs: 60_000,
  });
  try {
    const pinned = pin(platform.get('messaging').pid, cpus().length - 1);
    const identity = platform.urls.identity!;
    const messaging = platform.urls.messaging!;
    const password = 'correct horse battery';
    const sender = (await post(`${identity}/api/auth/register`, {
      email: 'sender@bench.test',
      password,
      name: 'Sender',
      orgName: 'Bench',
    })) as { token: string };
    const receiver = (await post(`${identity}/api/auth/register`, {
      email: 'receiver@bench.test',
      password,
      name: 'Receiver',
    })) as { token: string; user: { id: string } };
    const conversation = await post(
      `${messaging}/api/conversations`,
      { type: 'group', name: 'Bench', participants: [{ userId: receiver.user.id }] },
      sender.token,
    );

    const fanout = await runFanout({
      url: messaging,
      senderToken: sender.token,
      receiverToken: receiver.token,
      conversationId: conversation.id as string,
      sockets: socketCount,
      messages: messageCount,
      seconds,
      concurrency,
    });
    const service = (await post(
      `${identity}/api/auth/service-token`,
      signServiceTokenRequest({
        serviceId: 'messaging',
        secret: platform.secrets.INTERNAL_SERVICE_SECRET!,
        now: Date.now(),
      }),
    )) as { token: string };
    const ttft = await runChatTtft({
      messagingUrl: messaging,
      integrationsUrl: platform.urls.integrations!,
      serviceToken: service.token,
      runs: chatRuns,
    });

    console.log(
      `\nmessaging: node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model}); messaging ${pinned ? `pinned to core ${cpus().length - 1}` : 'not pinned'}; identity, integrations, PostgreSQL and the clients share the rest\n`,
    );
    console.log('| measure | p50 ms | p99 ms | throughput |');
    console.log('|---|---|---|---|');
    console.log(
      `| message POST → delivered, each of ${fanout.sockets} sockets (${fanout.messages} sequential messages) | ${ms(fanout.deliveryP50)} | ${ms(fanout.deliveryP99)} | |`,
    );
    console.log(
      `| message POST → delivered to all ${fanout.sockets} sockets | ${ms(fanout.allP50)} | ${ms(fanout.allP99)} | |`,
    );
    console.log(
      `| ${fanout.concurrency} concurrent senders, ${seconds} s, every message to all ${fanout.sockets} sockets | | | ${fanout.messagesPerSecond.toFixed(0)} messages/s (${fanout.deliveriesPerSecond.toFixed(0)} deliveries/s) |`,
    );
    console.log(
      `| chat time to first token, integrations internal execute directly (${ttft.runs} runs) | ${ms(ttft.directP50)} | ${ms(ttft.directP99)} | |`,
    );
    console.log(
      `| chat time to first token through messaging POST /api/send | ${ms(ttft.viaMessagingP50)} | ${ms(ttft.viaMessagingP99)} | |`,
    );
    console.log(
      `| messaging overhead on time to first token (p50 difference) | ${ms(ttft.viaMessagingP50 - ttft.directP50)} | | |`,
    );
    console.log(
      `\nChat answers without a first token (error frames, left out above): ${ttft.errors} of ${2 * ttft.runs}.`,
    );
  } finally {
    await platform.stop();
    await upstream.close();
    await database.drop();
  }
}
