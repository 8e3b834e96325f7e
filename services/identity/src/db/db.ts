import { defineServiceDatabase, type Database } from '@symbia/db';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { identityTables, type IdentityTables } from './schema.js';

export const IDENTITY_SCHEMA = 'identity';
export const migrationsDir = new URL('./migrations/', import.meta.url).pathname;
export type IdentityDatabase = Database<IdentityTables>;
/** The Drizzle handle or a transaction on it: stores accept either, so a use case can compose them atomically. */
export type Db = PgDatabase<NodePgQueryResultHKT, IdentityTables>;

/** The identity service's database: opened, migrated, by `openMigratedDatabase(identityDatabase, { url })`. */
export const identityDatabase = defineServiceDatabase({
  schema: IDENTITY_SCHEMA,
  migrationsDir,
  tables: identityTables,
});
