import { createAdapter } from '@socket.io/redis-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';

export interface RedisLogger {
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

function watched(client: Redis, url: string, logger: RedisLogger): Redis {
  client.on('error', (error: Error) =>
    logger.error({ err: error.message, redis: describe(url) }, 'redis connection error'),
  );
  return client;
}

/**
 * The one command connection messaging keeps to Redis (socket adapter publishes, chat budgets, presence claims).
 * Startup waits for it, so a wrong REDIS_URL stops the process instead of silently running single-node.
 */
export async function connectRedis(url: string, logger: RedisLogger): Promise<Redis> {
  const client = watched(new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 3 }), url, logger);
  await client.connect();
  return client;
}

/**
 * DESIGN §4: with REDIS_URL set, rooms and broadcasts span every messaging replica. The adapter publishes on the
 * shared connection and listens on a subscriber connection of its own (a subscribed connection takes no other
 * commands); closing returns only what this added.
 */
export async function attachRedisAdapter(
  io: Server,
  options: { redis: Redis; url: string; key: string },
  logger: RedisLogger,
): Promise<{ close(): Promise<void> }> {
  const { redis, url, key } = options;
  const sub = watched(redis.duplicate(), url, logger);
  if (sub.status === 'wait') await sub.connect();
  io.adapter(createAdapter(redis, sub, { key }));
  logger.info({ redis: describe(url) }, 'socket.io redis adapter on');
  return {
    async close() {
      await sub.quit().catch(() => undefined);
    },
  };
}
