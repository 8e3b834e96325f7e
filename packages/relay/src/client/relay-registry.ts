import { createRelayClient, type RelayClient } from './relay-client.js';
import type { RelayClientConfig } from './relay-config.js';

/** A hold on the process's client of one node id; the connection closes when the last hold is released. */
export interface RelayLease {
  readonly client: RelayClient;
  /** True when this call opened the connection, false when it joined an existing one. */
  readonly created: boolean;
  release(): Promise<void>;
}

/**
 * One relay connection per node id per process (network.md §15 [req], libraries W7): a second initialisation for the
 * same node id gets the existing client, with its capabilities merged in, instead of a second socket that would
 * fight the first for the node.
 */
export interface RelayRegistry {
  acquire(config: RelayClientConfig): RelayLease;
  get(nodeId: string): RelayClient | undefined;
  /** Closes every client (process shutdown, test teardown). */
  closeAll(): Promise<void>;
}

export function createRelayRegistry(
  create: (config: RelayClientConfig) => RelayClient = createRelayClient,
): RelayRegistry {
  const entries = new Map<string, { client: RelayClient; holds: number }>();

  const releaseOnce = (nodeId: string, entry: { client: RelayClient; holds: number }) => {
    let released = false;
    return async () => {
      if (released) return;
      released = true;
      entry.holds -= 1;
      if (entry.holds > 0) return;
      if (entries.get(nodeId) === entry) entries.delete(nodeId);
      await entry.client.disconnect();
    };
  };

  return {
    acquire(config) {
      const existing = entries.get(config.nodeId);
      if (existing) {
        existing.holds += 1;
        existing.client.addCapabilities(config.capabilities ?? []);
        return { client: existing.client, created: false, release: releaseOnce(config.nodeId, existing) };
      }
      const entry = { client: create(config), holds: 1 };
      entries.set(config.nodeId, entry);
      return { client: entry.client, created: true, release: releaseOnce(config.nodeId, entry) };
    },
    get: (nodeId) => entries.get(nodeId)?.client,
    async closeAll() {
      const all = [...entries.values()];
      entries.clear();
      await Promise.all(all.map((entry) => entry.client.disconnect()));
    },
  };
}

/** This process's registry: the relay's only process-wide state, explicit so tests and services can see it. */
export const processRelays: RelayRegistry = createRelayRegistry();
