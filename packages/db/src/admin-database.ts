import pg from 'pg';
import { quoteIdentifier } from './identifier.js';

// SQLSTATE duplicate_database; unique_violation can surface instead when two CREATE DATABASE race.
const DUPLICATE_DATABASE = '42P04';
const UNIQUE_VIOLATION = '23505';

async function withAdminClient<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, application_name: 'symbia-db-admin' });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/**
 * Creates database `name` unless it exists. Safe when several processes race to create it.
 * `adminUrl` must connect as a role allowed to CREATE DATABASE (to any other database, e.g. `postgres`).
 */
export async function ensureDatabase(adminUrl: string, name: string): Promise<{ created: boolean }> {
  const quoted = quoteIdentifier(name, 'database name');
  return withAdminClient(adminUrl, async (client) => {
    const existing = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return { created: false };
    try {
      await client.query(`CREATE DATABASE ${quoted}`);
      return { created: true };
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (code === DUPLICATE_DATABASE || code === UNIQUE_VIOLATION) return { created: false };
      throw err;
    }
  });
}

const SESSION_GRACE_MS = 1_000;
const SESSION_POLL_MS = 25;

/**
 * Drops database `name` if it exists, disconnecting its sessions first. Sessions that are already closing get a
 * moment to finish: a pg pool's `end()` resolves before the server has processed each client's Terminate, and a
 * session killed in that window reaches its client as an error with no listener left to catch it.
 */
export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  const quoted = quoteIdentifier(name, 'database name');
  await withAdminClient(adminUrl, async (client) => {
    for (let waited = 0; waited < SESSION_GRACE_MS; waited += SESSION_POLL_MS) {
      const sessions = await client.query<{ count: number }>(
        'SELECT count(*)::int AS count FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
        [name],
      );
      if ((sessions.rows[0]?.count ?? 0) === 0) break;
      await new Promise((resolve) => setTimeout(resolve, SESSION_POLL_MS));
    }
    const { rows } = await client.query<{ version: number }>(
      "SELECT current_setting('server_version_num')::int AS version",
    );
    if ((rows[0]?.version ?? 0) >= 130000) {
      await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
      return;
    }
    // Before PG 13 there is no FORCE: block new connections, end the current ones, then drop.
    await client.query(`UPDATE pg_database SET datallowconn = false WHERE datname = $1`, [name]);
    await client.query(
      'SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [name],
    );
    await client.query(`DROP DATABASE IF EXISTS ${quoted}`);
  });
}
