import { bigint, boolean, integer, pgSchema, primaryKey, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Drizzle mirror of migrations/*.sql; the SQL files are the source of truth for DDL. */
export const integrationsSchema = pgSchema('integrations');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const executionLogs = integrationsSchema.table('execution_logs', {
  id: uuid('id').primaryKey(),
  requestId: text('request_id').notNull(),
  orgId: uuid('org_id'),
  callerType: varchar('caller_type', { length: 16 }).notNull(),
  callerId: text('caller_id').notNull(),
  provider: varchar('provider', { length: 32 }).notNull(),
  operation: varchar('operation', { length: 32 }).notNull(),
  model: text('model').notNull(),
  responseModel: text('response_model'),
  stream: boolean('stream').notNull(),
  credentialSource: varchar('credential_source', { length: 16 }).notNull(),
  credentialId: text('credential_id'),
  credentialOwnerId: text('credential_owner_id'),
  isProxy: boolean('is_proxy').notNull(),
  success: boolean('success').notNull(),
  finishReason: varchar('finish_reason', { length: 32 }),
  errorCategory: varchar('error_category', { length: 32 }),
  errorCode: varchar('error_code', { length: 64 }),
  upstreamStatus: integer('upstream_status'),
  promptTokens: integer('prompt_tokens').notNull(),
  completionTokens: integer('completion_tokens').notNull(),
  totalTokens: integer('total_tokens').notNull(),
  usageEstimated: boolean('usage_estimated').notNull(),
  attempts: integer('attempts').notNull(),
  ttftMs: integer('ttft_ms'),
  durationMs: integer('duration_ms').notNull(),
  startedAt: ts('started_at').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const rateWindows = integrationsSchema.table(
  'rate_windows',
  {
    scope: text('scope').notNull(),
    windowStart: bigint('window_start', { mode: 'number' }).notNull(),
    used: integer('used').notNull(),
    lastGrant: integer('last_grant').notNull(),
  },
  (t) => [primaryKey({ columns: [t.scope, t.windowStart] })],
);

export const integrationsTables = { executionLogs, rateWindows };
export type IntegrationsTables = typeof integrationsTables;
