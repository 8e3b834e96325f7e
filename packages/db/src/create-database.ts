import pg from 'pg';
import { drizzle, type NodePgDatabase } from 'drizzle-orm/node-postgres';
import { quoteIdentifier } from './identifier.js';
import { silentLogger, type DbLogger } from './logger.js';

export interface CreateDatabaseOptions<TTables extends Record<string, unknown> = Record<string, never>> {
  url: string;
  /** The service's own schema; every connection resolves unqualified names in it first, then `public`. */
  schema: string;
  max?: number;
  applicationName?: string;
  /** Drizzle table/relation objects, enabling `db.query.<table>` relational queries. */
  tables?: TTables;
  logger?: DbLogger;
}

export interface Database<TTables extends Record<string, unknown> = Record<string, never>> {
  pool: pg.Pool;
  db: NodePgDatabase<TTables>;
  schema: string;
  /** Ends the pool; safe to call more than once. */
  close(): Promise<void>;
  /** Round-trips `SELECT 1`; rejects when the database is unreachable (readiness checks). */
  ping(): Promise<void>;
}

export function createDatabase<TTables extends Record<string, unknown> = Record<string, never>>(
  options: CreateDatabaseOptions<TTables>,
): Database<TTables> {
  const { url, schema, max = 10, applicationName, tables, logger = silentLogger } = options;
  quoteIdentifier(schema, 'schema name');

  const pool = new pg.Pool({
    connectionString: url,
    max,
    application_name: applicationName,
    // A startup option rather than a SET on 'connect': it applies before the first query on every
    // connection (no race with the pool handing the client out) and survives RESET ALL / DISCARD ALL.
    options: `-c search_path=${schema},public`,
  });

  // An idle client whose server went away (restart, failover, idle timeout) emits 'error' on the pool;
  // unhandled, that would crash the process. The pool drops the client and the next query reconnects.
  pool.on('error', (err) => {
    logger.error({ err, schema }, 'idle PostgreSQL client failed; it was removed from the pool');
  });

  const db = drizzle({ client: pool, ...(tables ? { schema: tables } : {}) }) as NodePgDatabase<TTables>;

  let closing: Promise<void> | undefined;
  return {
    pool,
    db,
    schema,
    close() {
      closing ??= pool.end();
      return closing;
    },
    async ping() {
      await pool.query('SELECT 1');
    },
  };
}
