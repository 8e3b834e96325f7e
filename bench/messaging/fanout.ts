import { io, type Socket } from 'socket.io-client';
import { percentile } from '../support/stats.js';

export interface FanoutResult {
  sockets: number;
  messages: number;
  /** POST start → arrival, every (message, socket) pair. */
  deliveryP50: number;
  deliveryP99: number;
  /** POST start → arrival at the last of the sockets. */
  allP50: number;
  allP99: number;
  /** Under `concurrency` parallel senders: messages fully delivered to every socket per second. */
  messagesPerSecond: number;
  deliveriesPerSecond: number;
  concurrency: number;
}

interface Arrivals {
  wait(content: string): Promise<number[]>;
}

/** Every socket records when each message arrives; `wait` resolves once all of them have it. */
function track(sockets: Socket[]): Arrivals {
  const seen = new Map<string, number[]>();
  const waiters = new Map<string, () => void>();
  for (const socket of sockets) {
    socket.on('message:new', (message: { content: string }) => {
      const times = seen.get(message.content) ?? [];
      times.push(performance.now());
      seen.set(message.content, times);
      if (times.length === sockets.length) waiters.get(message.content)?.();
    });
  }
  return {
    async wait(content) {
      if ((seen.get(content)?.length ?? 0) < sockets.length)
        await new Promise<void>((resolve) => waiters.set(content, resolve));
      waiters.delete(content);
      const times = seen.get(content)!;
      seen.delete(content);
      return times;
    },
  };
}

async function connectAll(url: string, token: string, n: number): Promise<Socket[]> {
  const sockets: Socket[] = [];
  for (let i = 0; i < n; i += 10) {
    const batch = Array.from({ length: Math.min(10, n - i) }, () => {
      const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
      return new Promise<Socket>((resolve, reject) => {
        socket.once('connect', () => resolve(socket));
        socket.once('connect_error', reject);
      });
    });
    sockets.push(...(await Promise.all(batch)));
  }
  return sockets;
}

/**
 * Message POST → delivered to `n` subscribed sockets (real Socket.IO clients in this process). Sequential
 * sends give the latency; `concurrency` parallel senders for `seconds` give the throughput.
 */
export async function runFanout(options: {
  url: string;
  senderToken: string;
  receiverToken: string;
  conversationId: string;
  sockets: number;
  messages: number;
  seconds: number;
  concurrency: number;
}): Promise<FanoutResult> {
  const sockets = await connectAll(options.url, options.receiverToken, options.sockets);
  const arrivals = track(sockets);
  const post = (content: string) =>
    fetch(`${options.url}/api/conversations/${options.conversationId}/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.senderToken}` },
      body: JSON.stringify({ content }),
    }).then(async (res) => {
      if (res.status !== 201) throw new Error(`POST answered ${res.status}: ${await res.text()}`);
    });
  try {
    for (let i = 0; i < 20; i += 1) await Promise.all([post(`warm-${i}`), arrivals.wait(`warm-${i}`)]);
    const each: number[] = [];
    const all: number[] = [];
    for (let i = 0; i < options.messages; i += 1) {
      const content = `lat-${i}`;
      const start = performance.now();
      const [, times] = await Promise.all([post(content), arrivals.wait(content)]);
      for (const t of times) each.push(t - start);
      all.push(Math.max(...times) - start);
    }
    let delivered = 0;
    const end = performance.now() + options.seconds * 1000;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: options.concurrency }, async (_, lane) => {
        for (let i = 0; performance.now() < end; i += 1) {
          const content = `tp-${lane}-${i}`;
          await Promise.all([post(content), arrivals.wait(content)]);
          delivered += 1;
        }
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    return {
      sockets: sockets.length,
      messages: options.messages,
      concurrency: options.concurrency,
      deliveryP50: percentile(each, 50),
      deliveryP99: percentile(each, 99),
      allP50: percentile(all, 50),
      allP99: percentile(all, 99),
      messagesPerSecond: delivered / elapsed,
      deliveriesPerSecond: (delivered * sockets.length) / elapsed,
    };
  } finally {
    for (const socket of sockets) socket.close();
  }
}
