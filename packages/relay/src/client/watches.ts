import type { EventTrace, SandboxEvent } from '../wire-types.js';

/** Exact-match filters of `sdn:watch` (network.md §10.2), combined with AND. */
export interface WatchFilter {
  runId?: string;
  source?: string;
  eventType?: string;
}

export interface WatchNotification {
  event: SandboxEvent;
  trace: EventTrace;
}

export type WatchHandler = (notification: WatchNotification) => unknown;

interface Watch {
  filter: WatchFilter;
  handler: WatchHandler;
  /** The network's id for the current connection; null until (re-)subscribed. */
  serverId: string | null;
}

/**
 * The watches of one client under ids that survive reconnects: the network hands out a new subscription id on
 * every `sdn:watch`, so each local watch remembers the current one and `sdn:event` finds its handler by it
 * (network W13: a notification reaches only the watch it was sent for).
 */
export interface WatchRegistry {
  add(filter: WatchFilter, handler: WatchHandler): string;
  remove(localId: string): Watch | undefined;
  bind(localId: string, serverId: string): void;
  /** On disconnect: every server id is void. */
  unbindAll(): void;
  byServerId(serverId: string): Watch | undefined;
  entries(): [string, Watch][];
}

export function createWatchRegistry(): WatchRegistry {
  const watches = new Map<string, Watch>();
  let counter = 0;
  return {
    add(filter, handler) {
      counter += 1;
      const id = `watch_local_${counter}`;
      watches.set(id, { filter: { ...filter }, handler, serverId: null });
      return id;
    },
    remove(localId) {
      const watch = watches.get(localId);
      watches.delete(localId);
      return watch;
    },
    bind(localId, serverId) {
      const watch = watches.get(localId);
      if (watch) watch.serverId = serverId;
    },
    unbindAll() {
      for (const watch of watches.values()) watch.serverId = null;
    },
    byServerId(serverId) {
      for (const watch of watches.values()) if (watch.serverId === serverId) return watch;
      return undefined;
    },
    entries: () => [...watches.entries()],
  };
}
