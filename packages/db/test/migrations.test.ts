import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { createDatabase, runMigrations, type Database } from '../src/index.js';

let database: TestDatabase;
let handle: Database;
const tmpDirs: string[] = [];
const extraPools: pg.Pool[] = [];

async function migrationsDir(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-migrations-'));
  tmpDirs.push(dir);
  for (const [name, sql] of Object.entries(files)) await writeFile(path.join(dir, name), sql);
  return dir;
}

function newPool(): pg.Pool {
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  extraPools.push(pool);
  return pool;
}

async function appliedNames(schema: string): Promise<string[]> {
  const { rows } = await handle.pool.query<{ name: string }>(
    `SELECT name FROM "${schema}".schema_migrations ORDER BY name`,
  );
  return rows.map((row) => row.name);
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'db_migrations' });
  handle = createDatabase({ url: database.url, schema: 'public' });
});

afterAll(async () => {
  await Promise.all(extraPools.map((pool) => pool.end()));
  await handle?.close();
  await database?.drop();
  await Promise.all(tmpDirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('runMigrations', () => {
  it('creates the schema and applies files in lexical order', async () => {
    const dir = await migrationsDir({
      '0002_add_column.sql': 'ALTER TABLE widgets ADD COLUMN colour text;',
      '0001_init.sql': 'CREATE TABLE widgets (id int PRIMARY KEY);',
      'README.md': 'not a migration',
    });

    const result = await runMigrations({ pool: handle.pool, schema: 'ordered', dir });

    expect(result.applied).toEqual(['0001_init.sql', '0002_add_column.sql']);
    const { rows } = await handle.pool.query(
      "SELECT column_name FROM information_schema.columns WHERE table_schema = 'ordered' AND table_name = 'widgets' ORDER BY ordinal_position",
    );
    expect(rows.map((row) => row.column_name)).toEqual(['id', 'colour']);
    const recorded = await handle.pool.query(
      'SELECT name, checksum, applied_at FROM ordered.schema_migrations ORDER BY name',
    );
    expect(recorded.rows).toHaveLength(2);
    expect(recorded.rows[0].checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(recorded.rows[0].applied_at).toBeInstanceOf(Date);
  });

  it('is a no-op when run again', async () => {
    const dir = await migrationsDir({ '0001_init.sql': 'CREATE TABLE things (id int);' });
    await runMigrations({ pool: handle.pool, schema: 'rerun', dir });

    const again = await runMigrations({ pool: handle.pool, schema: 'rerun', dir });

    expect(again.applied).toEqual([]);
    expect(await appliedNames('rerun')).toEqual(['0001_init.sql']);
  });

  it('applies each file exactly once when two processes migrate at the same time', async () => {
    const dir = await migrationsDir({
      // Not idempotent: a second application would fail with "relation already exists".
      '0001_slow.sql': 'SELECT pg_sleep(0.3); CREATE TABLE jobs (id int PRIMARY KEY);',
      '0002_more.sql': 'CREATE TABLE job_runs (id int PRIMARY KEY);',
    });

    const waited: string[] = [];
    const logger = { info: (_: object, msg?: string) => waited.push(msg ?? ''), warn: () => {}, error: () => {} };

    const [first, second] = await Promise.all([
      runMigrations({ pool: newPool(), schema: 'concurrent', dir, logger }),
      runMigrations({ pool: newPool(), schema: 'concurrent', dir, logger }),
    ]);

    // The runs really overlapped: one of them had to wait for the other's advisory lock.
    expect(waited.some((msg) => msg.includes('waiting for its lock'))).toBe(true);

    expect([...first.applied, ...second.applied].sort()).toEqual(['0001_slow.sql', '0002_more.sql']);
    expect([first.applied.length, second.applied.length].sort()).toEqual([0, 2]);
    const { rows } = await handle.pool.query<{ count: string }>(
      'SELECT count(*) AS count FROM concurrent.schema_migrations',
    );
    expect(Number(rows[0]!.count)).toBe(2);
  });

  it('rejects an applied migration whose content changed, naming the file', async () => {
    const dir = await migrationsDir({ '0001_init.sql': 'CREATE TABLE edited (id int);' });
    await runMigrations({ pool: handle.pool, schema: 'checksums', dir });
    await writeFile(path.join(dir, '0001_init.sql'), 'CREATE TABLE edited (id bigint);');
    await writeFile(path.join(dir, '0002_next.sql'), 'CREATE TABLE next_one (id int);');

    await expect(runMigrations({ pool: handle.pool, schema: 'checksums', dir })).rejects.toThrow(
      /0001_init\.sql.*changed/,
    );
    expect(await appliedNames('checksums')).toEqual(['0001_init.sql']);
  });

  it('leaves nothing of a failing migration and names the file and the Postgres error', async () => {
    const dir = await migrationsDir({
      '0001_ok.sql': 'CREATE TABLE kept (id int);',
      '0002_broken.sql': 'CREATE TABLE half_done (id int); INSERT INTO no_such_table VALUES (1);',
    });

    const failure = runMigrations({ pool: handle.pool, schema: 'failing', dir });

    await expect(failure).rejects.toThrow(/0002_broken\.sql.*relation "no_such_table" does not exist/);
    expect(await appliedNames('failing')).toEqual(['0001_ok.sql']);
    const { rows } = await handle.pool.query("SELECT to_regclass('failing.half_done') AS half_done");
    expect(rows[0].half_done).toBeNull();
  });

  it('releases the advisory lock after a failure so the next run can proceed', async () => {
    const dir = await migrationsDir({ '0001_bad.sql': 'SELECT 1/0;' });
    await expect(runMigrations({ pool: handle.pool, schema: 'relock', dir })).rejects.toThrow(/0001_bad\.sql/);
    await writeFile(path.join(dir, '0001_bad.sql'), 'SELECT 1;');

    const pool = newPool();
    const result = await runMigrations({ pool, schema: 'relock', dir });

    expect(result.applied).toEqual(['0001_bad.sql']);
  });

  it.each(['Bad', 'has-dash', '1starts_with_digit', 'x"; DROP SCHEMA public; --', ''])(
    'rejects the schema name %j',
    async (schema) => {
      const dir = await migrationsDir({ '0001_init.sql': 'SELECT 1;' });
      await expect(runMigrations({ pool: handle.pool, schema, dir })).rejects.toThrow(/Invalid schema name/);
    },
  );
});
