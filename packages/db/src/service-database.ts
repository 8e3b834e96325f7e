import { createDatabase, type Database } from './create-database.js';
import type { DbLogger } from './logger.js';
import { runMigrations } from './run-migrations.js';

/** What a service's database is, declared once in its `src/db/db.ts` (DESIGN §5: one schema per service). */
export interface ServiceDatabaseDefinition<TTables extends Record<string, unknown>> {
  /** The service's own schema; its tables and `schema_migrations` live there. */
  readonly schema: string;
  /** Folder of the service's `NNNN_name.sql` files. */
  readonly migrationsDir: string;
  /** Drizzle tables, for `db.query.<table>`. */
  readonly tables: TTables;
}

export function defineServiceDatabase<TTables extends Record<string, unknown>>(
  definition: ServiceDatabaseDefinition<TTables>,
): ServiceDatabaseDefinition<TTables> {
  return Object.freeze({ ...definition });
}

export interface OpenServiceDatabaseOptions {
  url: string;
  /** Pool size; `createDatabase`'s default when absent. */
  max?: number;
  /** Shown in `pg_stat_activity`. */
  applicationName?: string;
  logger?: DbLogger;
}

/** The service's pool and Drizzle handle, without migrating (tests reading a database a service already migrated). */
export function openServiceDatabase<TTables extends Record<string, unknown>>(
  definition: ServiceDatabaseDefinition<TTables>,
  options: OpenServiceDatabaseOptions,
): Database<TTables> {
  return createDatabase({ ...options, schema: definition.schema, tables: definition.tables });
}

/**
 * Opens the service's database and brings its schema up to date before anything queries it. When the migrations
 * fail the pool is closed again, so a failed start leaves no connection behind.
 */
export async function openMigratedDatabase<TTables extends Record<string, unknown>>(
  definition: ServiceDatabaseDefinition<TTables>,
  options: OpenServiceDatabaseOptions,
): Promise<Database<TTables>> {
  const database = openServiceDatabase(definition, options);
  try {
    await runMigrations({
      pool: database.pool,
      schema: definition.schema,
      dir: definition.migrationsDir,
      logger: options.logger,
    });
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}
