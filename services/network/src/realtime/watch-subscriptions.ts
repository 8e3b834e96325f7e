import type { EventTrace, SandboxEvent } from '@symbia/relay';
import type { Server } from 'socket.io';
import { forViewer } from '../access/redact-hash.js';
import type { Viewer } from '../domain/tenancy.js';

export interface WatchFilter {
  runId?: string;
  source?: string;
  eventType?: string;
}

export interface WatchSubscription extends WatchFilter {
  id: string;
  socketId: string;
  createdAt: string;
}

/** Bound per socket so a client cannot grow the server without limit. */
export const MAX_WATCHES_PER_SOCKET = 20;

/**
 * Live watch subscriptions of this process's sockets (network.md §10.2, §3.7). Each finished trace is pushed once
 * per matching subscription, with its id (network W13), to the subscribing socket only, and only when the event is
 * visible to that socket's principal (§12.4).
 */
export function createWatchSubscriptions(deps: {
  io: () => Server | null;
  canSee: (viewer: Viewer, event: SandboxEvent, trace: EventTrace) => boolean;
  now?: () => number;
}) {
  const now = deps.now ?? Date.now;
  const subscriptions = new Map<string, WatchSubscription & { viewer: Viewer }>();
  const bySocket = new Map<string, Set<string>>();

  return {
    add(socketId: string, filter: WatchFilter, viewer: Viewer): WatchSubscription | null {
      const mine = bySocket.get(socketId) ?? new Set<string>();
      if (mine.size >= MAX_WATCHES_PER_SOCKET) return null;
      const at = now();
      let id = `watch_${socketId}_${at}`;
      for (let n = 1; subscriptions.has(id); n += 1) id = `watch_${socketId}_${at}_${n}`;
      const subscription = { id, socketId, createdAt: new Date(at).toISOString(), ...filter };
      subscriptions.set(id, { ...subscription, viewer });
      mine.add(id);
      bySocket.set(socketId, mine);
      return subscription;
    },
    /** §14.1 [req]: only the owning socket removes a subscription. */
    remove(subscriptionId: string, socketId: string): boolean {
      const subscription = subscriptions.get(subscriptionId);
      if (subscription === undefined || subscription.socketId !== socketId) return false;
      subscriptions.delete(subscriptionId);
      bySocket.get(socketId)?.delete(subscriptionId);
      return true;
    },
    removeSocket(socketId: string): number {
      const ids = bySocket.get(socketId);
      bySocket.delete(socketId);
      for (const id of ids ?? []) subscriptions.delete(id);
      return ids?.size ?? 0;
    },
    get size() {
      return subscriptions.size;
    },
    notify(event: SandboxEvent, trace: EventTrace): void {
      if (subscriptions.size === 0) return;
      const io = deps.io();
      if (io === null) return;
      for (const subscription of subscriptions.values()) {
        if (subscription.runId !== undefined && subscription.runId !== event.wrapper.runId) continue;
        if (subscription.source !== undefined && subscription.source !== event.wrapper.source) continue;
        if (subscription.eventType !== undefined && subscription.eventType !== event.payload.type) continue;
        if (!deps.canSee(subscription.viewer, event, trace)) continue;
        io.local
          .to(subscription.socketId)
          .emit('sdn:event', { event: forViewer(event, subscription.viewer), trace, subscriptionId: subscription.id });
      }
    },
  };
}

export type WatchSubscriptions = ReturnType<typeof createWatchSubscriptions>;
