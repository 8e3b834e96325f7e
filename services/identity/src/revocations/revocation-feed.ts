import type { IdentityDatabase } from '../db/db.js';
import { listenForNotifications, type ListenerLogger, type NotificationListener } from './notification-listener.js';
import type { RevocationRow, RevocationStore } from './revocation.store.js';

/** The wire shape of one feed entry (GET /api/internal/revocations, the SSE stream's `data`). */
export interface RevocationEvent {
  cursor: string;
  kind: RevocationRow['kind'];
  subjectId: string;
  orgId: string | null;
  at: string;
  expiresAt: string;
}

export interface RevocationFeedPage {
  events: RevocationEvent[];
  /** Pass it back as `after`; equals `after` when nothing newer exists. */
  cursor: string;
}

export interface RevocationSubscription {
  /** Resolves once the backlog after the cursor was handed to `send` (live events follow). */
  readonly caughtUp: Promise<string>;
  close(): void;
}

export interface RevocationFeed {
  page(after: bigint, limit: number): Promise<RevocationFeedPage>;
  /** Backlog after `after`, then every new row as it commits, in cursor order and without gaps. */
  subscribe(after: bigint, send: (events: RevocationEvent[]) => void): RevocationSubscription;
  close(): Promise<void>;
}

export const REVOCATION_CHANNEL = 'identity_revocations';
const BATCH = 500;
// A safety net for a LISTEN connection that died silently; NOTIFY normally wakes the feed at once.
const POLL_MS = 5_000;
const PRUNE_MS = 60_000;

export const toRevocationEvent = (row: RevocationRow): RevocationEvent => ({
  cursor: row.cursor,
  kind: row.kind,
  subjectId: row.subjectId,
  orgId: row.orgId,
  at: row.at.toISOString(),
  expiresAt: row.expiresAt.toISOString(),
});

interface Subscriber {
  send(events: RevocationEvent[]): void;
  /** Highest cursor handed to `send`. */
  last: bigint;
  /** Live rows that arrived while the backlog was being read. */
  pending: RevocationEvent[] | null;
}

/**
 * One per identity process: LISTENs for new rows (every replica sees every commit), reads them once and fans
 * them out to the SSE subscribers of this process. Rows commit in cursor order (see the store), so reading
 * "after the last cursor seen" never skips one.
 */
export async function createRevocationFeed(deps: {
  store: RevocationStore;
  pool: IdentityDatabase['pool'];
  logger: ListenerLogger;
  clock?: () => number;
}): Promise<RevocationFeed> {
  const { store, logger, clock = Date.now } = deps;
  const subscribers = new Set<Subscriber>();
  let latest = await store.latestCursor();
  let reading: Promise<void> | null = null;
  let readAgain = false;

  const broadcast = (events: RevocationEvent[]) => {
    for (const sub of subscribers) {
      if (sub.pending !== null) sub.pending.push(...events);
      else deliver(sub, events);
    }
  };
  const deliver = (sub: Subscriber, events: RevocationEvent[]) => {
    const fresh = events.filter((e) => BigInt(e.cursor) > sub.last);
    if (fresh.length === 0) return;
    sub.last = BigInt(fresh[fresh.length - 1]!.cursor);
    sub.send(fresh);
  };

  const readNew = async () => {
    for (;;) {
      const rows = await store.listAfter(latest, BATCH);
      if (rows.length === 0) return;
      latest = BigInt(rows[rows.length - 1]!.cursor);
      broadcast(rows.map(toRevocationEvent));
      if (rows.length < BATCH) return;
    }
  };
  // Notifications coalesce: one read at a time, and one more if rows arrived during it.
  const wake = () => {
    if (reading !== null) {
      readAgain = true;
      return;
    }
    reading = readNew()
      .catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'revocation feed read failed'),
      )
      .finally(() => {
        reading = null;
        if (readAgain) {
          readAgain = false;
          wake();
        }
      });
  };

  const listener: NotificationListener = await listenForNotifications({
    pool: deps.pool,
    channel: REVOCATION_CHANNEL,
    onNotify: wake,
    onReconnect: wake,
    logger,
  });
  const poll = setInterval(wake, POLL_MS);
  poll.unref();
  const prune = setInterval(() => {
    store
      .prune(new Date(clock()))
      .catch((err: unknown) =>
        logger.warn({ err: err instanceof Error ? err.message : String(err) }, 'revocation prune failed'),
      );
  }, PRUNE_MS);
  prune.unref();

  // A cursor from the future (another database, or a reset one) would hide every row: start over instead.
  // `latest` may lag a commit by a notification, so the database has the last word.
  const effectiveAfter = async (after: bigint): Promise<bigint> => {
    if (after <= latest) return after;
    return after > (await store.latestCursor()) ? 0n : after;
  };

  return {
    async page(after, limit) {
      const from = await effectiveAfter(after);
      const events = (await store.listAfter(from, limit)).map(toRevocationEvent);
      return { events, cursor: events.length > 0 ? events[events.length - 1]!.cursor : from.toString() };
    },
    subscribe(after, send) {
      const sub: Subscriber = { send, last: after, pending: [] };
      subscribers.add(sub);
      const caughtUp = (async () => {
        sub.last = await effectiveAfter(after);
        for (;;) {
          const rows = await store.listAfter(sub.last, BATCH);
          if (rows.length > 0) deliver(sub, rows.map(toRevocationEvent));
          if (rows.length < BATCH) break;
        }
        const live = sub.pending ?? [];
        sub.pending = null;
        deliver(sub, live);
        return sub.last.toString();
      })();
      caughtUp.catch(() => subscribers.delete(sub));
      return { caughtUp, close: () => subscribers.delete(sub) };
    },
    async close() {
      clearInterval(poll);
      clearInterval(prune);
      subscribers.clear();
      await listener.close();
      await reading;
    },
  };
}
