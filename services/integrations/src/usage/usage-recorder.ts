import { uuidv7 } from '@symbia/kit';
import type { ResolvedKey } from '../credentials/resolved-key.js';
import type { Caller } from '../gateway/caller.js';
import type { GatewayError } from '../gateway/gateway-error.js';
import type { FinishReason, OperationKind, OperationName, ProviderId } from '../gateway/normalized.js';
import type { GenAiMetrics } from './genai-metrics.js';
import type { ExecutionLogRow, UsageStore } from './usage.store.js';

export interface CallRecord {
  requestId: string;
  caller: Caller;
  provider: ProviderId;
  kind: OperationKind;
  operation: OperationName;
  model: string;
  responseModel: string | null;
  stream: boolean;
  key: ResolvedKey;
  outcome: 'success' | 'failure' | 'cancelled';
  error: GatewayError | null;
  finishReason: FinishReason | null;
  promptTokens: number;
  completionTokens: number;
  usageEstimated: boolean;
  attempts: number;
  ttftMs: number | null;
  durationMs: number;
  startedAt: Date;
}

/** The slice of the service logger the recorder uses (pino-compatible). */
export interface RecorderLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface UsageRecorder {
  /** Exports metrics now and queues the execution-log row, written in the background (off the response path). */
  record(entry: CallRecord): void;
  /** Writes what is queued and waits for every pending write (shutdown). */
  drain(): Promise<void>;
}

// Rows are written in batches: one INSERT per FLUSH_MS or per MAX_BATCH calls instead of one per call, which
// keeps the database off the per-call cost. A crash can lose at most the last FLUSH_MS of rows.
const FLUSH_MS = 50;
const MAX_BATCH = 200;

/**
 * One place that turns a finished call into metrics, a log line and an execution-log row. Prompts, answers and
 * keys are never part of it: only ids, counts and outcomes.
 */
export function createUsageRecorder(deps: {
  store: UsageStore;
  metrics: GenAiMetrics;
  log: RecorderLog;
}): UsageRecorder {
  const { store, metrics, log } = deps;
  const pending = new Set<Promise<void>>();
  let queue: ExecutionLogRow[] = [];
  let timer: NodeJS.Timeout | null = null;

  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = null;
    if (queue.length === 0) return;
    const rows = queue;
    queue = [];
    const write: Promise<void> = store
      .insertMany(rows)
      .catch((err: unknown) =>
        log.error(
          { err, rows: rows.length, requestIds: rows.slice(0, 10).map((r) => r.requestId) },
          'could not write execution log rows',
        ),
      )
      .finally(() => pending.delete(write));
    pending.add(write);
  };

  return {
    record(e) {
      const labels = {
        operation: e.kind,
        provider: e.provider,
        requestModel: e.model,
        responseModel: e.responseModel ?? e.model,
      };
      const errorType = e.outcome === 'cancelled' ? 'cancelled' : e.error ? e.error.code : null;
      metrics.duration(labels, e.durationMs / 1000, errorType);
      if (e.outcome === 'success') metrics.tokens(labels, e.promptTokens, e.completionTokens);
      if (e.ttftMs !== null) metrics.timeToFirstChunk(labels, e.ttftMs / 1000);
      // Successes are already in the kit's request log line and in the row; failures get a line of their own.
      if (e.outcome === 'failure') {
        log.warn(
          {
            requestId: e.requestId,
            provider: e.provider,
            model: e.model,
            stream: e.stream,
            attempts: e.attempts,
            durationMs: e.durationMs,
            keySource: e.key.source,
            category: e.error?.category,
            code: e.error?.code,
            upstreamStatus: e.error?.upstream?.status,
          },
          'llm call failed',
        );
      }
      queue.push({
        id: uuidv7(),
        requestId: e.requestId,
        orgId: e.caller.orgId,
        callerType: e.caller.type,
        callerId: e.caller.id,
        provider: e.provider,
        operation: e.operation,
        model: e.model,
        responseModel: e.responseModel,
        stream: e.stream,
        credentialSource: e.key.source,
        credentialId: e.key.credentialId,
        credentialOwnerId: e.key.ownerId,
        isProxy: e.key.isProxy,
        success: e.outcome === 'success',
        finishReason: e.finishReason,
        errorCategory: e.outcome === 'cancelled' ? 'cancelled' : (e.error?.category ?? null),
        errorCode: e.error?.code ?? null,
        upstreamStatus: e.error?.upstream?.status ?? null,
        promptTokens: e.promptTokens,
        completionTokens: e.completionTokens,
        totalTokens: e.promptTokens + e.completionTokens,
        usageEstimated: e.usageEstimated,
        attempts: e.attempts,
        ttftMs: e.ttftMs,
        durationMs: e.durationMs,
        startedAt: e.startedAt,
      });
      if (queue.length >= MAX_BATCH) flush();
      else timer ??= setTimeout(flush, FLUSH_MS);
    },
    async drain() {
      flush();
      while (pending.size > 0) await Promise.all([...pending]);
    },
  };
}
