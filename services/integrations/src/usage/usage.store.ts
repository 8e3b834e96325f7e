import { sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import type { executionLogs } from '../db/schema.js';

export type ExecutionLogRow = typeof executionLogs.$inferInsert;

/** Execution log rows (spec §5). Written in batches; nothing here reads across orgs. */
export interface UsageStore {
  /** One INSERT for a whole batch. */
  insertMany(rows: ExecutionLogRow[]): Promise<void>;
}

const snake = (row: ExecutionLogRow) => ({
  id: row.id,
  request_id: row.requestId,
  org_id: row.orgId,
  caller_type: row.callerType,
  caller_id: row.callerId,
  provider: row.provider,
  operation: row.operation,
  model: row.model,
  response_model: row.responseModel,
  stream: row.stream,
  credential_source: row.credentialSource,
  credential_id: row.credentialId,
  credential_owner_id: row.credentialOwnerId,
  is_proxy: row.isProxy,
  success: row.success,
  finish_reason: row.finishReason,
  error_category: row.errorCategory,
  error_code: row.errorCode,
  upstream_status: row.upstreamStatus,
  prompt_tokens: row.promptTokens,
  completion_tokens: row.completionTokens,
  total_tokens: row.totalTokens,
  usage_estimated: row.usageEstimated,
  attempts: row.attempts,
  ttft_ms: row.ttftMs,
  duration_ms: row.durationMs,
  started_at: row.startedAt,
  created_at: new Date(),
});

export function createUsageStore(db: Db): UsageStore {
  return {
    async insertMany(rows) {
      if (rows.length === 0) return;
      // The batch travels as one JSON parameter and PostgreSQL expands it: building a many-row VALUES list
      // in the query builder cost more CPU per row than the rest of a streamed call.
      await db.execute(sql`
        INSERT INTO integrations.execution_logs
        SELECT * FROM json_populate_recordset(NULL::integrations.execution_logs, ${JSON.stringify(rows.map(snake))}::json)`);
    },
  };
}
