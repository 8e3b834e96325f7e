import { describeError, silentLogger, systemClock, type AuthLogger, type Clock, type FetchLike } from '../logger.js';
import type { Principal } from '../principal.js';
import { createRevocationList, type RevocationList } from '../revocation-list.js';
import { applyRevocation, parseRevocationEvent, type RevocationEvent } from './revocation-event.js';
import { createSseParser } from './sse-parser.js';
import { createTokenConfirmer } from './token-confirmer.js';

export const REVOCATION_STREAM_PATH = '/api/internal/revocations/stream';

export interface RevocationFeedFollowerOptions {
  identityUrl: string;
  /** A service token proving this service to identity (see createServiceTokenClient). */
  getServiceToken: () => Promise<string>;
  invalidateServiceToken?: () => void;
  /** Where revocations are applied; default: a new list (exposed as `follower.revocations`). */
  revocations?: RevocationList;
  fetch?: FetchLike;
  logger?: AuthLogger;
  clock?: Clock;
  /** Out of touch with the feed for longer than this, verifiers stop trusting caches and ask identity; default 5 s. */
  staleAfterMs?: number;
  /** How long identity's answer about a token is reused while stale; default 2 s. */
  confirmTtlMs?: number;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  /** Identity sends a comment every 15 s; silence for this long means a dead connection; default 40 s. */
  idleTimeoutMs?: number;
}

export interface RevocationFeedFollower {
  readonly revocations: RevocationList;
  /** The cursor of the last applied event ('0' before any). */
  readonly cursor: string;
  /** True while the feed has been out of reach (or not caught up) for longer than `staleAfterMs`. */
  isStale(): boolean;
  /** Identity's current view of a JWT principal (see createTokenConfirmer); used by verifiers while stale. */
  confirm(token: string, principal: Principal): Promise<Principal>;
  /** Called after each applied event (e.g. to disconnect sockets of a revoked session). Returns an unsubscribe. */
  onRevocation(listener: (event: RevocationEvent) => void): () => void;
  /** Resolves once the feed was caught up (the first time). */
  ready(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Follows identity's revocation feed (DESIGN §6) over SSE with this service's token: applies the backlog after
 * its cursor, then live events, to the revocation list the verifiers consult; reconnects with jittered
 * backoff and resumes from its cursor.
 */
export function createRevocationFeedFollower(options: RevocationFeedFollowerOptions): RevocationFeedFollower {
  const {
    identityUrl,
    getServiceToken,
    invalidateServiceToken,
    fetch: fetchImpl = globalThis.fetch,
    logger = silentLogger,
    clock = systemClock,
    staleAfterMs = 5_000,
    confirmTtlMs = 2_000,
    initialBackoffMs = 250,
    maxBackoffMs = 5_000,
    idleTimeoutMs = 40_000,
  } = options;
  const revocations = options.revocations ?? createRevocationList({ clock });
  const confirmer = createTokenConfirmer({
    identityUrl,
    getServiceToken,
    invalidateServiceToken,
    fetch: fetchImpl,
    clock,
    logger,
    ttlMs: confirmTtlMs,
  });
  const listeners = new Set<(event: RevocationEvent) => void>();
  let cursor = '0';
  // null while connected and caught up; otherwise since when we are not.
  let outOfTouchSince: number | null = clock();
  let closed = false;
  let current: AbortController | null = null;
  let wakeSleep: (() => void) | null = null;
  let markReady!: () => void;
  const readyPromise = new Promise<void>((resolve) => (markReady = resolve));
  // close() must not wait for a service token while identity is down (the token client retries for seconds).
  let markClosed!: () => void;
  const closedPromise = new Promise<never>(
    (_, reject) => (markClosed = () => reject(new Error('revocation feed follower closed'))),
  );
  closedPromise.catch(() => {});

  const apply = (data: string) => {
    let event: RevocationEvent | null = null;
    try {
      event = parseRevocationEvent(JSON.parse(data));
    } catch {
      // fall through: logged below
    }
    if (event === null) {
      logger.warn({ identityUrl }, 'revocation feed: malformed event skipped');
      return;
    }
    applyRevocation(revocations, event);
    cursor = event.cursor;
    for (const listener of listeners) {
      try {
        listener(event);
      } catch (err) {
        logger.error(describeError(err), 'revocation listener failed');
      }
    }
  };

  const connectOnce = async (): Promise<void> => {
    const controller = new AbortController();
    current = controller;
    const url = new URL(REVOCATION_STREAM_PATH, identityUrl);
    url.searchParams.set('after', cursor);
    const serviceToken = await Promise.race([getServiceToken(), closedPromise]);
    const res = await fetchImpl(url, {
      headers: { authorization: `Bearer ${serviceToken}`, accept: 'text/event-stream' },
      signal: controller.signal,
    });
    if (!res.ok || res.body === null) {
      await res.body?.cancel();
      if (res.status === 401) invalidateServiceToken?.();
      throw new Error(`revocation feed answered ${res.status}`);
    }
    const parser = createSseParser((e) => {
      if (e.event === 'revocation') apply(e.data);
      else if (e.event === 'caught-up') {
        outOfTouchSince = null;
        markReady();
      }
    });
    let idle: NodeJS.Timeout | undefined;
    const arm = () => {
      clearTimeout(idle);
      idle = setTimeout(() => controller.abort(), idleTimeoutMs);
      idle.unref?.();
    };
    const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      arm();
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        arm();
        parser.push(value);
      }
    } finally {
      clearTimeout(idle);
      reader.releaseLock();
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      timer.unref?.();
      wakeSleep = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const run = async () => {
    let failures = 0;
    while (!closed) {
      try {
        await connectOnce();
      } catch (err) {
        if (!closed) logger.warn({ identityUrl, ...describeError(err) }, 'revocation feed disconnected; reconnecting');
      }
      const wasInTouch = outOfTouchSince === null;
      if (outOfTouchSince === null) outOfTouchSince = clock();
      if (closed) return;
      failures = wasInTouch ? 0 : failures + 1;
      const backoff = Math.min(maxBackoffMs, initialBackoffMs * 2 ** Math.min(failures, 10));
      await sleep(backoff / 2 + Math.random() * (backoff / 2));
    }
  };
  const running = run();

  return {
    revocations,
    get cursor() {
      return cursor;
    },
    isStale: () => outOfTouchSince !== null && clock() - outOfTouchSince > staleAfterMs,
    confirm: (token, principal) => confirmer.confirm(token, principal),
    onRevocation(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    ready: () => readyPromise,
    async close() {
      closed = true;
      markClosed();
      current?.abort();
      wakeSleep?.();
      await running;
    },
  };
}
