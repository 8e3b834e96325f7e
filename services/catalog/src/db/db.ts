import { defineServiceDatabase, type Database } from '@symbia/db';
import type { NodePgQueryResultHKT } from 'drizzle-orm/node-postgres';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import { catalogTables, type CatalogTables } from './schema.js';

export const CATALOG_SCHEMA = 'catalog';
export const migrationsDir = new URL('./migrations/', import.meta.url).pathname;
export type CatalogDatabase = Database<CatalogTables>;
/** The Drizzle handle or a transaction on it: stores accept either, so a use case can compose them atomically. */
export type Db = PgDatabase<NodePgQueryResultHKT, CatalogTables>;

/** The catalog service's database: opened, migrated, by `openMigratedDatabase(catalogDatabase, { url })`. */
export const catalogDatabase = defineServiceDatabase({ schema: CATALOG_SCHEMA, migrationsDir, tables: catalogTables });
