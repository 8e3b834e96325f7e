import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../src/index.js';

const created: TestDatabase[] = [];

async function withClient<T>(url: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function make(prefix?: string): Promise<TestDatabase> {
  const database = await createTestDatabase(prefix ? { prefix } : {});
  created.push(database);
  return database;
}

afterAll(async () => {
  await Promise.all(created.map((database) => database.drop()));
});

describe('createTestDatabase', () => {
  it('gives each call its own isolated database', async () => {
    const [a, b] = await Promise.all([make(), make()]);

    expect(a.name).toMatch(/^symbia_t_[0-9a-f]+$/);
    expect(a.name).not.toBe(b.name);
    await withClient(a.url, (client) =>
      client.query("CREATE TABLE only_in_a (v text); INSERT INTO only_in_a VALUES ('a')"),
    );

    const seenFromB = await withClient(b.url, (client) => client.query("SELECT to_regclass('only_in_a') AS t"));
    const current = await withClient(b.url, (client) => client.query('SELECT current_database() AS name'));

    expect(seenFromB.rows[0].t).toBeNull();
    expect(current.rows[0].name).toBe(b.name);
  });

  it('puts the prefix in the name', async () => {
    const database = await make('identity');
    expect(database.name).toMatch(/^symbia_t_identity_[0-9a-f]+$/);
  });

  it('rejects a prefix that is not a plain identifier', async () => {
    await expect(createTestDatabase({ prefix: 'Bad-Prefix' })).rejects.toThrow(/prefix/);
  });

  it('drop removes the database even while a client is connected', async () => {
    const database = await createTestDatabase();
    const lingering = new pg.Client({ connectionString: database.url });
    lingering.on('error', () => undefined);
    await lingering.connect();

    await database.drop();

    const exists = await withClient(database.url.replace(`/${database.name}`, '/postgres'), (client) =>
      client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database.name]),
    );
    expect(exists.rowCount).toBe(0);
    await lingering.end().catch(() => undefined);
  });
});
