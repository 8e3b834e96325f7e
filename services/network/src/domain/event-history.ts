import type { SandboxEvent } from '@symbia/relay';

/** Ring buffer of routed events (docs/spec/network.md §9), with an id index for trace and tenancy lookups. */
export class EventHistory {
  private readonly items: Array<SandboxEvent | undefined>;
  private readonly byId = new Map<string, SandboxEvent>();
  private start = 0;
  private count = 0;

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new Error('event history capacity must be a positive integer');
    this.items = new Array<SandboxEvent | undefined>(capacity);
  }

  add(event: SandboxEvent): void {
    if (this.count === this.capacity) {
      const evicted = this.items[this.start]!;
      this.byId.delete(evicted.wrapper.id);
      this.items[this.start] = event;
      this.start = (this.start + 1) % this.capacity;
    } else {
      this.items[(this.start + this.count) % this.capacity] = event;
      this.count += 1;
    }
    this.byId.set(event.wrapper.id, event);
  }

  get size(): number {
    return this.count;
  }

  get(eventId: string): SandboxEvent | undefined {
    return this.byId.get(eventId);
  }

  /** The last `limit` events (of `runId` when given), oldest first. */
  recent(limit: number, runId?: string): SandboxEvent[] {
    const picked: SandboxEvent[] = [];
    for (let i = this.count - 1; i >= 0 && picked.length < limit; i -= 1) {
      const event = this.items[(this.start + i) % this.capacity]!;
      if (runId === undefined || event.wrapper.runId === runId) picked.push(event);
    }
    return picked.reverse();
  }
}
