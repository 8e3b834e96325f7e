import type { EventTrace, TraceStatus } from '@symbia/relay';

export interface EventStats {
  totalEvents: number;
  totalTraces: number;
  deliveredCount: number;
  droppedCount: number;
  errorCount: number;
}

/**
 * Traces keyed by event id in insertion order, oldest evicted beyond the bound (§7 step 11, §9). The status
 * counters describe the stored traces, so they move with eviction and match `totalTraces`.
 */
export class TraceStore {
  private readonly traces = new Map<string, EventTrace>();
  /** Insertion order of ids, as a ring: eviction needs no Map iterator per add. */
  private readonly order: string[] = [];
  private head = 0;
  private readonly counts: Record<TraceStatus, number> = { delivered: 0, dropped: 0, error: 0, pending: 0 };

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('trace capacity must be a positive integer');
  }

  add(trace: EventTrace): void {
    const previous = this.traces.get(trace.eventId);
    if (previous) {
      // Event ids are unique: a second trace for one replaces it in place (its slot in `order` stays).
      this.counts[previous.status] -= 1;
      this.traces.set(trace.eventId, trace);
      this.counts[trace.status] += 1;
      return;
    }
    if (this.order.length < this.capacity) this.order.push(trace.eventId);
    else {
      const oldestId = this.order[this.head]!;
      const oldest = this.traces.get(oldestId);
      if (oldest) this.counts[oldest.status] -= 1;
      this.traces.delete(oldestId);
      this.order[this.head] = trace.eventId;
      this.head = (this.head + 1) % this.capacity;
    }
    this.traces.set(trace.eventId, trace);
    this.counts[trace.status] += 1;
  }

  get(eventId: string): EventTrace | undefined {
    return this.traces.get(eventId);
  }

  byRun(runId: string): EventTrace[] {
    return [...this.traces.values()].filter((trace) => trace.runId === runId);
  }

  get size(): number {
    return this.traces.size;
  }

  stats(totalEvents: number): EventStats {
    return {
      totalEvents,
      totalTraces: this.traces.size,
      deliveredCount: this.counts.delivered,
      droppedCount: this.counts.dropped,
      errorCount: this.counts.error,
    };
  }
}
