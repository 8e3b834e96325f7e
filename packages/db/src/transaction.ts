import type pg from 'pg';
import type { NodePgDatabase } from 'drizzle-orm/node-postgres';

/**
 * Runs `fn` inside BEGIN/COMMIT on one pooled client; on any error rolls back and rethrows the original
 * error. A client whose ROLLBACK also failed is destroyed rather than returned to the pool, since its
 * transaction state is unknown.
 */
export async function withTransaction<T>(pool: pg.Pool, fn: (client: pg.PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    const result = await fn(client);
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await client.query('ROLLBACK').catch((rollbackErr: unknown) => {
      broken = rollbackErr instanceof Error ? rollbackErr : new Error(String(rollbackErr));
    });
    throw err;
  } finally {
    client.release(broken);
  }
}

export type DbTransaction<TTables extends Record<string, unknown> = Record<string, never>> = Parameters<
  Parameters<NodePgDatabase<TTables>['transaction']>[0]
>[0];

/** Drizzle flavour of {@link withTransaction}: commit when `fn` resolves, roll back and rethrow when it throws. */
export function inTransaction<TTables extends Record<string, unknown>, T>(
  db: NodePgDatabase<TTables>,
  fn: (tx: DbTransaction<TTables>) => Promise<T>,
): Promise<T> {
  return db.transaction(fn);
}
