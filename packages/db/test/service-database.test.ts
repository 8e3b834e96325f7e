import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { integer, pgSchema, text } from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defineServiceDatabase, openMigratedDatabase, openServiceDatabase } from '../src/index.js';

const gadgetsSchema = pgSchema('gadgets');
const gadgets = gadgetsSchema.table('gadgets', { id: integer('id').primaryKey(), name: text('name').notNull() });

let database: TestDatabase;
const tmpDirs: string[] = [];

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-service-db-'));
  tmpDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'db_service' });
});

afterAll(async () => {
  await database?.drop();
  await Promise.all(tmpDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('openMigratedDatabase', () => {
  it("opens the service's schema with its migrations applied and its tables queryable", async () => {
    const definition = defineServiceDatabase({
      schema: 'gadgets',
      migrationsDir: await migrationsDir({
        '0001_init.sql':
          "CREATE TABLE gadgets (id int PRIMARY KEY, name text NOT NULL); INSERT INTO gadgets VALUES (1, 'first');",
      }),
      tables: { gadgets },
    });
    const opened = await openMigratedDatabase(definition, { url: database.url, max: 2, applicationName: 'gadgets' });
    try {
      expect(opened.schema).toBe('gadgets');
      expect(await opened.db.select().from(gadgets)).toEqual([{ id: 1, name: 'first' }]);
      const { rows } = await opened.pool.query<{ name: string }>('SELECT name FROM gadgets.schema_migrations');
      expect(rows.map((r) => r.name)).toEqual(['0001_init.sql']);
    } finally {
      await opened.close();
    }
    // A second open (a restart) applies nothing again and finds the same rows.
    const reopened = openServiceDatabase(definition, { url: database.url, max: 1 });
    try {
      expect(await reopened.db.select().from(gadgets)).toHaveLength(1);
    } finally {
      await reopened.close();
    }
  });

  it('fails when a migration fails, leaving no connection behind', async () => {
    const definition = defineServiceDatabase({
      schema: 'broken',
      migrationsDir: await migrationsDir({ '0001_init.sql': 'CREATE TABLE nope (' }),
      tables: {},
    });
    await expect(
      openMigratedDatabase(definition, { url: database.url, max: 2, applicationName: 'broken-migrations' }),
    ).rejects.toThrow();
    const probe = openServiceDatabase(definition, { url: database.url, max: 1 });
    try {
      const { rows } = await probe.pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'broken-migrations'",
      );
      expect(rows[0]?.n).toBe(0);
    } finally {
      await probe.close();
    }
  });
});
