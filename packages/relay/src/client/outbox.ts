/**
 * The bounded outbox of a relay client (network issue: "a service never blocks, throws or grows without bound
 * while network is down"). Publishing while the relay is not registered appends here; once full, the OLDEST
 * entry is dropped and counted: a service that stays up while network is down keeps its most recent events,
 * which are the ones still worth delivering when network returns (a revocation or a message from an hour ago
 * has long been superseded or served by another path).
 */
export interface Outbox<T> {
  /** Appends `item`; returns true when an older entry had to be dropped to make room. */
  push(item: T): boolean;
  /** Takes every queued entry, oldest first, leaving the outbox empty. */
  drain(): T[];
  readonly size: number;
  readonly limit: number;
  /** Entries dropped because the outbox was full, since creation. */
  readonly dropped: number;
}

export function createOutbox<T>(limit: number): Outbox<T> {
  if (!Number.isInteger(limit) || limit < 0)
    throw new RangeError(`outbox limit must be a whole number ≥ 0, got ${limit}`);
  // A ring buffer: push and drop-oldest are O(1) however long network stays away.
  const slots = new Array<T | undefined>(limit);
  let head = 0;
  let size = 0;
  let dropped = 0;
  return {
    push(item) {
      if (limit === 0) {
        dropped += 1;
        return true;
      }
      if (size === limit) {
        slots[head] = item;
        head = (head + 1) % limit;
        dropped += 1;
        return true;
      }
      slots[(head + size) % limit] = item;
      size += 1;
      return false;
    },
    drain() {
      const items: T[] = [];
      for (let i = 0; i < size; i += 1) {
        const index = (head + i) % limit;
        items.push(slots[index] as T);
        slots[index] = undefined;
      }
      head = 0;
      size = 0;
      return items;
    },
    get size() {
      return size;
    },
    limit,
    get dropped() {
      return dropped;
    },
  };
}
