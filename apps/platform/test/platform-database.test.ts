import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { findFreePort } from '@symbia/supervisor';
import { describe, expect, it } from 'vitest';
import type { LauncherConfig } from '../src/launcher-config.js';
import { maskDatabaseUrl, openPlatformDatabase, PLATFORM_DATABASE_NAME } from '../src/platform-database.js';

describe('maskDatabaseUrl', () => {
  it('hides the password and secret-looking parameters', () => {
    expect(maskDatabaseUrl('postgres://app:s3cr3t@db.example:5432/symbia?sslpassword=x&sslmode=require')).toBe(
      'postgres://app:****@db.example:5432/symbia?sslpassword=****&sslmode=require',
    );
    expect(maskDatabaseUrl('not a url')).toBe('(unparsable DATABASE_URL)');
  });
});

describe('embedded PostgreSQL for the launcher', () => {
  const processGroupOf = (pid: number) =>
    Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[2]);

  it('runs outside the launcher process group (a terminal Ctrl-C does not reach it) and stops when asked', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'symbia-launcher-pg-'));
    const config = {
      postgresDir: path.join(dir, 'postgres'),
      postgresPort: { port: await findFreePort(), explicit: true },
    } as unknown as LauncherConfig;
    const notes: string[] = [];
    const database = await openPlatformDatabase({
      env: {},
      config,
      password: 'launcher-test-password',
      notes: { info: (m) => notes.push(m), warn: (m) => notes.push(m) },
    });
    let postmaster = 0;
    try {
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      const { rows } = await client.query<{ db: string }>('select current_database() as db');
      await client.end();
      expect(rows[0]!.db).toBe(PLATFORM_DATABASE_NAME);
      postmaster = Number(readFileSync(path.join(config.postgresDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      expect(processGroupOf(postmaster)).not.toBe(processGroupOf(process.pid));
      expect(database.description).not.toContain('launcher-test-password');
    } finally {
      await database.stop();
      await rm(dir, { recursive: true, force: true });
    }
    expect(() => process.kill(postmaster, 0)).toThrow();
  }, 120_000);
});
