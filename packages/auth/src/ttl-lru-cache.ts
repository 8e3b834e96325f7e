import type { Clock } from './logger.js';

/**
 * A bounded cache whose entries expire at an absolute time. Map insertion order is the LRU order:
 * a hit re-inserts the entry, and the oldest entry is evicted when full. Per-process only, which is
 * fine for what it holds (verification results that identity would answer the same way on any replica).
 */
export interface TtlLruCache<V> {
  get(key: string): V | undefined;
  set(key: string, value: V, expiresAtMs: number): void;
  delete(key: string): void;
  clear(): void;
  readonly size: number;
}

export function createTtlLruCache<V>({ maxEntries, clock }: { maxEntries: number; clock: Clock }): TtlLruCache<V> {
  if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('maxEntries must be a positive integer');
  const entries = new Map<string, { value: V; expiresAtMs: number }>();
  return {
    get(key) {
      const entry = entries.get(key);
      if (entry === undefined) return undefined;
      entries.delete(key);
      if (clock() >= entry.expiresAtMs) return undefined;
      entries.set(key, entry);
      return entry.value;
    },
    set(key, value, expiresAtMs) {
      entries.delete(key);
      if (clock() >= expiresAtMs) return;
      if (entries.size >= maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done !== true) entries.delete(oldest.value);
      }
      entries.set(key, { value, expiresAtMs });
    },
    delete(key) {
      entries.delete(key);
    },
    clear() {
      entries.clear();
    },
    get size() {
      return entries.size;
    },
  };
}
