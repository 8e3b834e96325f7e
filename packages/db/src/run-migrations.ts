import type pg from 'pg';
import { quoteIdentifier } from './identifier.js';
import { silentLogger, type DbLogger } from './logger.js';
import { readMigrationFiles, type MigrationFile } from './migration-files.js';

export interface RunMigrationsOptions {
  pool: pg.Pool;
  schema: string;
  /** Folder of `NNNN_name.sql` files. */
  dir: string;
  logger?: DbLogger;
}

export interface RunMigrationsResult {
  /** Files applied by this call, in order; empty when the schema was already up to date. */
  applied: string[];
}

/**
 * Brings `schema` up to date with the `.sql` files in `dir`. Everything happens on one dedicated
 * connection holding a session advisory lock keyed on the schema (DESIGN §5), so replicas starting
 * together apply each file exactly once: the others wait, then find nothing left to do.
 */
export async function runMigrations(options: RunMigrationsOptions): Promise<RunMigrationsResult> {
  const { pool, schema, dir, logger = silentLogger } = options;
  const quoted = quoteIdentifier(schema, 'schema name');
  const files = await readMigrationFiles(dir);
  const lockKey = `symbia:migrate:${schema}`;

  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await acquireLock(client, lockKey, schema, logger);
    try {
      await client.query(`CREATE SCHEMA IF NOT EXISTS ${quoted}`);
      await client.query(
        `CREATE TABLE IF NOT EXISTS ${quoted}.schema_migrations (
           name text PRIMARY KEY,
           checksum text NOT NULL,
           applied_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
      const pending = await pendingMigrations(client, quoted, files, logger, schema);
      const applied: string[] = [];
      for (const file of pending) {
        await applyMigration(client, quoted, file);
        applied.push(file.name);
        logger.info({ schema, migration: file.name }, 'applied migration');
      }
      return { applied };
    } finally {
      await client.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]).catch((err: unknown) => {
        // The lock dies with the session anyway; destroying the client guarantees that.
        broken = err instanceof Error ? err : new Error(String(err));
      });
    }
  } finally {
    client.release(broken);
  }
}

async function acquireLock(client: pg.PoolClient, key: string, schema: string, logger: DbLogger): Promise<void> {
  const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS locked', [
    key,
  ]);
  if (rows[0]?.locked) return;
  logger.info({ schema }, 'another process is migrating this schema; waiting for its lock');
  await client.query('SELECT pg_advisory_lock(hashtext($1))', [key]);
}

async function pendingMigrations(
  client: pg.PoolClient,
  quoted: string,
  files: MigrationFile[],
  logger: DbLogger,
  schema: string,
): Promise<MigrationFile[]> {
  const { rows } = await client.query<{ name: string; checksum: string }>(
    `SELECT name, checksum FROM ${quoted}.schema_migrations`,
  );
  const applied = new Map(rows.map((row) => [row.name, row.checksum]));
  // Verify every applied file before applying anything new: an edited history means the database and
  // the code disagree, and layering more changes on top would only hide that.
  for (const file of files) {
    const checksum = applied.get(file.name);
    if (checksum !== undefined && checksum !== file.checksum) {
      throw new Error(
        `Migration ${file.name} in schema "${schema}" was changed after it was applied (checksum ${checksum.slice(0, 12)}… recorded, ${file.checksum.slice(0, 12)}… on disk); add a new migration instead of editing an applied one`,
      );
    }
  }
  const known = new Set(files.map((file) => file.name));
  const missing = [...applied.keys()].filter((name) => !known.has(name));
  if (missing.length > 0) {
    logger.warn({ schema, missing }, 'applied migrations are missing from the migrations folder');
  }
  return files.filter((file) => !applied.has(file.name));
}

async function applyMigration(client: pg.PoolClient, quoted: string, file: MigrationFile): Promise<void> {
  try {
    await client.query('BEGIN');
    // The caller's pool may have any search_path; migrations are written against their own schema.
    await client.query(`SET LOCAL search_path TO ${quoted}, public`);
    // No parameters → simple query protocol, so a file may hold many statements.
    await client.query(file.sql);
    await client.query(`INSERT INTO ${quoted}.schema_migrations (name, checksum) VALUES ($1, $2)`, [
      file.name,
      file.checksum,
    ]);
    await client.query('COMMIT');
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw new Error(`Migration ${file.name} failed: ${describePgError(err)}`, { cause: err });
  }
}

function describePgError(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const { code, position } = err as Error & { code?: string; position?: string };
  const details = [code && `SQLSTATE ${code}`, position && `at character ${position}`].filter(Boolean);
  return details.length > 0 ? `${err.message} (${details.join(', ')})` : err.message;
}
