import { defineServiceDatabase, type Database } from '@symbia/db';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { integrationsTables, type IntegrationsTables } from './schema.js';

export const INTEGRATIONS_SCHEMA = 'integrations';
export const migrationsDir = new URL('./migrations/', import.meta.url).pathname;
export type IntegrationsDatabase = Database<IntegrationsTables>;
export type Db = PgDatabase<NodePgQueryResultHKT, IntegrationsTables>;

/** The integrations service's database: opened, migrated, by `openMigratedDatabase(integrationsDatabase, { url })`. */
export const integrationsDatabase = defineServiceDatabase({
  schema: INTEGRATIONS_SCHEMA,
  migrationsDir,
  tables: integrationsTables,
});
