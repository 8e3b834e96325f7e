import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { createDatabase, runMigrations } from '../src/index.js';

let database: TestDatabase;
let dir: string;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'db_create' });
  dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-create-db-'));
  await writeFile(
    path.join(dir, '0001_init.sql'),
    "CREATE TABLE notes (body text); INSERT INTO notes VALUES ('mine');",
  );
});

afterAll(async () => {
  await database?.drop();
  await rm(dir, { recursive: true, force: true });
});

describe('createDatabase', () => {
  it('rejects an invalid schema name', () => {
    expect(() => createDatabase({ url: database.url, schema: 'Robert"); --' })).toThrow(/Invalid schema name/);
  });

  it('resolves unqualified names in the service schema, then public', async () => {
    const service = createDatabase({ url: database.url, schema: 'notes_service', applicationName: 'notes-test' });
    try {
      await runMigrations({ pool: service.pool, schema: 'notes_service', dir });
      await service.ping();
      const { rows } = await service.pool.query(
        "SELECT body, current_schema() AS schema, current_setting('application_name') AS app, to_regproc('gen_random_uuid') IS NOT NULL AS has_public FROM notes",
      );
      expect(rows).toEqual([{ body: 'mine', schema: 'notes_service', app: 'notes-test', has_public: true }]);
    } finally {
      await service.close();
      await service.close();
    }
  });

  it('logs, rather than crashes on, an idle connection the server terminates', async () => {
    const errors: unknown[] = [];
    const logger = { info: () => {}, warn: () => {}, error: (obj: object) => errors.push(obj) };
    const service = createDatabase({ url: database.url, schema: 'public', applicationName: 'doomed-idle', logger });
    try {
      await service.ping();
      expect(service.pool.idleCount).toBe(1);

      const admin = new pg.Client({ connectionString: database.url });
      await admin.connect();
      await admin.query(
        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'doomed-idle'",
      );
      await admin.end();
      await expect.poll(() => errors.length).toBeGreaterThan(0);

      // The pool discarded the dead client and reconnects on demand.
      await service.ping();
    } finally {
      await service.close();
    }
  });
});
