import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { resolveAdminDatabaseUrl } from '@symbia/testing';
import { dropDatabase, ensureDatabase } from '../src/index.js';

async function exists(adminUrl: string, name: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    return (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name])).rowCount === 1;
  } finally {
    await client.end();
  }
}

describe('ensureDatabase / dropDatabase', () => {
  it('creates a database once even when callers race, and drops it', async () => {
    const adminUrl = await resolveAdminDatabaseUrl();
    const name = `symbia_t_admin_${randomBytes(5).toString('hex')}`;
    try {
      const results = await Promise.all([1, 2, 3].map(() => ensureDatabase(adminUrl, name)));

      expect(results.filter((result) => result.created)).toHaveLength(1);
      expect(await exists(adminUrl, name)).toBe(true);
      expect(await ensureDatabase(adminUrl, name)).toEqual({ created: false });
    } finally {
      await dropDatabase(adminUrl, name);
    }
    expect(await exists(adminUrl, name)).toBe(false);
    await expect(dropDatabase(adminUrl, name)).resolves.toBeUndefined();
  });

  it.each(['Upper', 'semi;colon', 'a'.repeat(64)])('rejects the database name %j', async (name) => {
    const adminUrl = await resolveAdminDatabaseUrl();
    await expect(ensureDatabase(adminUrl, name)).rejects.toThrow(/Invalid database name/);
    await expect(dropDatabase(adminUrl, name)).rejects.toThrow(/Invalid database name/);
  });

  it('lets a pool that has just ended close its sessions, and still drops a database someone keeps open', async () => {
    const adminUrl = await resolveAdminDatabaseUrl();
    const name = `symbia_t_admin_${randomBytes(5).toString('hex')}`;
    await ensureDatabase(adminUrl, name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;

    // end() resolves before the server has seen every Terminate; an error escaping from one of those clients
    // would be an uncaught exception, which fails the run.
    const pool = new pg.Pool({ connectionString: url.toString(), max: 4 });
    await Promise.all([1, 2, 3, 4].map(() => pool.query('SELECT pg_sleep(0.01)')));
    await pool.end();

    const holder = new pg.Client({ connectionString: url.toString() });
    const holderErrors: Error[] = [];
    holder.on('error', (error) => holderErrors.push(error));
    await holder.connect();
    try {
      await dropDatabase(adminUrl, name);
      expect(await exists(adminUrl, name)).toBe(false);
      // The session kept open is ended by the drop, and its owner hears about it on its error listener.
      expect(holderErrors.map((error) => (error as Error & { code?: string }).code)).toContain('57P01');
    } finally {
      await holder.end().catch(() => undefined);
    }
  });
});

