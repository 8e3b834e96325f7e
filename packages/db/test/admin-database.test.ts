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

  it('lets a closing session finish before dropping, and still drops a database someone keeps open', async () => {
    const adminUrl = await resolveAdminDatabaseUrl();
    const name = `symbia_t_admin_${randomBytes(5).toString('hex')}`;
    await ensureDatabase(adminUrl, name);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;

    // A session its owner is closing (as a pool's end() leaves them) must be let go, not killed under it.
    const closing = new pg.Client({ connectionString: url.toString() });
    const closingErrors: Error[] = [];
    closing.on('error', (error) => closingErrors.push(error));
    await closing.connect();
    const dropped = dropDatabase(adminUrl, name);
    await new Promise((resolve) => setTimeout(resolve, 100));
    await closing.end();
    await dropped;
    expect(closingErrors).toEqual([]);
    expect(await exists(adminUrl, name)).toBe(false);

    // Someone who keeps a session open is still disconnected once the grace is over.
    await ensureDatabase(adminUrl, name);
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
