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
  private readonly counts: Record<TraceStatus, number> = { delivered: 0, dropped: 0, error: 0, pending: 0 };

  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new Error('trace capacity must be a positive integer');
  }

  add(trace: EventTrace): void {
    const previous = this.traces.get(trace.eventId);
    if (previous) {
      this.counts[previous.status] -= 1;
      this.traces.delete(trace.eventId);
    }
    while (this.traces.size >= this.capacity) {
      const [oldestId, oldest] = this.traces.entries().next().value as [string, EventTrace];
      this.traces.delete(oldestId);
      this.counts[oldest.status] -= 1;
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
