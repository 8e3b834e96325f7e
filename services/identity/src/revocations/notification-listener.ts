import type { PoolClient } from 'pg';
import type { IdentityDatabase } from '../db/db.js';

export interface NotificationListener {
  close(): Promise<void>;
}

export interface ListenerLogger {
  warn(obj: Record<string, unknown>, msg?: string): void;
}

const RECONNECT_DELAY_MS = 1_000;

/**
 * Holds one pooled connection in `LISTEN channel` and calls `onNotify` per notification. A lost connection
 * is replaced after a second; `onReconnect` then runs so the caller can catch up on what it missed meanwhile.
 */
export async function listenForNotifications(deps: {
  pool: IdentityDatabase['pool'];
  channel: string;
  onNotify: () => void;
  onReconnect: () => void;
  logger: ListenerLogger;
}): Promise<NotificationListener> {
  const { pool, channel, onNotify, onReconnect, logger } = deps;
  let client: PoolClient | undefined;
  let closed = false;
  let timer: NodeJS.Timeout | undefined;

  const connect = async (isReconnect: boolean): Promise<void> => {
    try {
      const c = await pool.connect();
      if (closed) {
        c.release();
        return;
      }
      client = c;
      c.on('notification', (msg) => {
        if (msg.channel === channel) onNotify();
      });
      c.on('error', (err) => {
        logger.warn({ err: err.message, channel }, 'LISTEN connection lost; reconnecting');
        if (client === c) client = undefined;
        c.release(err);
        schedule();
      });
      await c.query(`LISTEN ${channel}`);
      if (isReconnect) onReconnect();
    } catch (err) {
      logger.warn({ err: err instanceof Error ? err.message : String(err), channel }, 'could not LISTEN; retrying');
      if (client !== undefined) {
        client.release(true);
        client = undefined;
      }
      schedule();
    }
  };
  const schedule = () => {
    if (closed || timer !== undefined) return;
    timer = setTimeout(() => {
      timer = undefined;
      void connect(true);
    }, RECONNECT_DELAY_MS);
    timer.unref();
  };

  // The first LISTEN is awaited, so nothing committed after start-up goes unnoticed (failures retry).
  await connect(false);
  return {
    async close() {
      closed = true;
      if (timer !== undefined) clearTimeout(timer);
      const c = client;
      client = undefined;
      if (c === undefined) return;
      try {
        await c.query(`UNLISTEN ${channel}`);
        c.release();
      } catch {
        c.release(true);
      }
    },
  };
}
