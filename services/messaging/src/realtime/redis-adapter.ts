import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';

export interface AdapterLogger {
  info(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** The URL without credentials, for logs. */
function describe(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.hostname}:${parsed.port || '6379'}`;
  } catch {
    return 'redis';
  }
}

/**
 * DESIGN §4: with REDIS_URL set, rooms and broadcasts span every messaging replica. Startup waits for both
 * connections, so a wrong URL stops the process instead of silently running single-node.
 */
export async function attachRedisAdapter(io: Server, options: { url: string; key: string }, logger: AdapterLogger): Promise<{ client: Redis; close(): Promise<void> }> {
  const { url, key } = options;
  const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 });
  const sub = pub.duplicate();
  for (const client of [pub, sub]) client.on('error', (error: Error) => logger.error({ err: error.message, redis: describe(url) }, 'redis connection error'));
  await Promise.all([pub.connect(), sub.connect()]);
  io.adapter(createAdapter(pub, sub, { key }));
  logger.info({ redis: describe(url) }, 'socket.io redis adapter on');
  return {
    client: pub,
    async close() {
      await Promise.allSettled([pub.quit(), sub.quit()]);
    },
  };
}
