import { defineServiceDatabase, type Database } from '@symbia/db';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { messagingTables, type MessagingTables } from './schema.js';

export const MESSAGING_SCHEMA = 'messaging';
export const migrationsDir = new URL('./migrations/', import.meta.url).pathname;
export type MessagingDatabase = Database<MessagingTables>;
/** The Drizzle handle or a transaction on it: stores accept either, so a use case can compose them atomically. */
export type Db = PgDatabase<NodePgQueryResultHKT, MessagingTables>;

/** The messaging service's database: opened, migrated, by `openMigratedDatabase(messagingDatabase, { url })`. */
export const messagingDatabase = defineServiceDatabase({
  schema: MESSAGING_SCHEMA,
  migrationsDir,
  tables: messagingTables,
});
