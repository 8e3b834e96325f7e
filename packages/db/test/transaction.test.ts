import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { createDatabase, inTransaction, withTransaction, type Database } from '../src/index.js';

let database: TestDatabase;
let handle: Database;

async function names(): Promise<string[]> {
  const { rows } = await handle.pool.query<{ name: string }>('SELECT name FROM items ORDER BY name');
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'db_tx' });
  handle = createDatabase({ url: database.url, schema: 'public' });
  await handle.pool.query('CREATE TABLE items (name text PRIMARY KEY)');
});

afterAll(async () => {
  await handle?.close();
  await database?.drop();
});

describe('withTransaction', () => {
  it('commits when the callback resolves and returns its value', async () => {
    const result = await withTransaction(handle.pool, async (client) => {
      await client.query("INSERT INTO items VALUES ('committed')");
      return 42;
    });

    expect(result).toBe(42);
    expect(await names()).toContain('committed');
  });

  it('rolls back and rethrows the original error when the callback throws', async () => {
    const boom = new Error('boom');

    await expect(
      withTransaction(handle.pool, async (client) => {
        await client.query("INSERT INTO items VALUES ('rolled_back')");
        throw boom;
      }),
    ).rejects.toBe(boom);

    expect(await names()).not.toContain('rolled_back');
    expect(handle.pool.totalCount - handle.pool.idleCount).toBe(0);
  });
});

describe('inTransaction', () => {
  it('commits drizzle work on success', async () => {
    await inTransaction(handle.db, async (tx) => {
      await tx.execute(sql`INSERT INTO items VALUES ('drizzle_committed')`);
    });

    expect(await names()).toContain('drizzle_committed');
  });

  it('rolls back drizzle work and rethrows on error', async () => {
    await expect(
      inTransaction(handle.db, async (tx) => {
        await tx.execute(sql`INSERT INTO items VALUES ('drizzle_rolled_back')`);
        throw new Error('nope');
      }),
    ).rejects.toThrow('nope');

    expect(await names()).not.toContain('drizzle_rolled_back');
  });
});
