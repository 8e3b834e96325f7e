export { createDatabase, type CreateDatabaseOptions, type Database } from './create-database.js';
export { runMigrations, type RunMigrationsOptions, type RunMigrationsResult } from './run-migrations.js';
export { withTransaction, inTransaction, type DbTransaction } from './transaction.js';
export { ensureDatabase, dropDatabase } from './admin-database.js';
export { isValidIdentifier, quoteIdentifier } from './identifier.js';
export { type DbLogger } from './logger.js';
export {
  startEmbeddedPostgres,
  type StartEmbeddedPostgresOptions,
  type EmbeddedPostgresServer,
} from './embedded/start-embedded-postgres.js';
export {
  type ServiceDatabaseDefinition,
  type OpenServiceDatabaseOptions,
  defineServiceDatabase,
  openServiceDatabase,
  openMigratedDatabase,
} from './service-database.js';
