import { bigint, boolean, jsonb, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';

/** Drizzle mirror of migrations/*.sql; the SQL files are the source of truth for DDL. */
export const messagingSchema = pgSchema('messaging');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
type Json = Record<string, unknown>;

export const conversations = messagingSchema.table('conversations', {
  id: uuid('id').primaryKey(),
  type: varchar('type', { length: 20 }).$type<'private' | 'group'>().notNull(),
  name: varchar('name', { length: 255 }),
  description: text('description'),
  orgId: varchar('org_id', { length: 255 }),
  createdBy: varchar('created_by', { length: 255 }).notNull(),
  metadata: jsonb('metadata').$type<Json>().notNull(),
  lastSequence: bigint('last_sequence', { mode: 'number' }).notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export const participants = messagingSchema.table('participants', {
  id: uuid('id').primaryKey(),
  conversationId: uuid('conversation_id').notNull(),
  userId: varchar('user_id', { length: 255 }).notNull(),
  userType: varchar('user_type', { length: 20 }).$type<'user' | 'agent'>().notNull(),
  role: varchar('role', { length: 20 }).$type<'owner' | 'admin' | 'member'>().notNull(),
  entityId: varchar('entity_id', { length: 255 }),
  joinedAt: ts('joined_at').notNull().defaultNow(),
  lastReadAt: ts('last_read_at'),
});

export const messages = messagingSchema.table('messages', {
  id: uuid('id').primaryKey(),
  conversationId: uuid('conversation_id').notNull(),
  senderId: varchar('sender_id', { length: 255 }).notNull(),
  senderType: varchar('sender_type', { length: 20 }).$type<'user' | 'agent' | 'service' | 'bot'>().notNull(),
  content: text('content').notNull(),
  contentType: varchar('content_type', { length: 50 }).notNull(),
  replyTo: uuid('reply_to'),
  orgId: varchar('org_id', { length: 255 }),
  runId: uuid('run_id'),
  traceId: varchar('trace_id', { length: 255 }),
  sequence: bigint('sequence', { mode: 'number' }).notNull(),
  priority: varchar('priority', { length: 20 }).$type<'low' | 'normal' | 'high' | 'critical'>().notNull(),
  interruptible: boolean('interruptible').notNull(),
  preemptedBy: uuid('preempted_by'),
  metadata: jsonb('metadata').$type<Json>().notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
  deletedAt: ts('deleted_at'),
});

export const messagingTables = { conversations, participants, messages };
export type MessagingTables = typeof messagingTables;
