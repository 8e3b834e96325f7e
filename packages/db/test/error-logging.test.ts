import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createService, loadServiceConfig, type ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { createTestDatabase, type TestDatabase } from '@symbia/testing';
import { createDatabase, type Database } from '../src/index.js';

// Values that look like what the platform stores: a password hash and vault ciphertext.
const passwordHash = '$argon2id$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$SECRETHASHVALUE0123456789';
const ciphertext = 'v1.CIPHERTEXT-9f8e7d6c5b4a39281706f5e4d3c2b1a0';

let database: TestDatabase;
let service: Database;
let app: ServiceApp;
const logs = createLogCapture();

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'db_errlog' });
  service = createDatabase({ url: database.url, schema: 'errlog' });
  await service.pool.query('CREATE SCHEMA IF NOT EXISTS errlog');
  await service.pool.query('CREATE TABLE errlog.users (email text PRIMARY KEY, password_hash text NOT NULL)');
  await service.pool.query('INSERT INTO errlog.users VALUES ($1, $2)', ['ann@example.test', passwordHash]);

  const config = loadServiceConfig({ serviceId: 'db-errlog', env: { NODE_ENV: 'test', LOG_LEVEL: 'info' } });
  app = await createService({
    config,
    description: 'database errors in logs',
    endpoints: {},
    authentication: ['none'],
    logDestination: logs.destination,
  });
  // A data exception: PostgreSQL quotes the value in its message, Drizzle lists it after `params:`.
  app.get('/cast', async () => service.db.execute(sql`SELECT ${ciphertext}::uuid AS id`));
  // A unique violation: PostgreSQL's detail names the duplicate key's value.
  app.get('/duplicate', async () =>
    service.db.execute(sql`INSERT INTO errlog.users VALUES (${'ann@example.test'}, ${passwordHash})`),
  );
  // The same through the pool without Drizzle: PostgreSQL's own error, whose detail holds the key.
  app.get('/duplicate-raw', async () =>
    service.pool
      .query('INSERT INTO errlog.users VALUES ($1, $2)', ['bob-dup@example.test', passwordHash])
      .then(() =>
        service.pool.query('INSERT INTO errlog.users VALUES ($1, $2)', ['bob-dup@example.test', passwordHash]),
      ),
  );
  // The error logged by a route under its own key, with its message as the log message.
  app.get('/logged', async (request) => {
    try {
      await service.db.execute(
        sql`UPDATE errlog.users SET password_hash = ${passwordHash} WHERE email = ${ciphertext}::uuid::text`,
      );
    } catch (failure) {
      request.log.warn({ failure, context: { cause: failure } }, (failure as Error).message);
    }
    return { ok: true };
  });
  await app.ready();
});

afterAll(async () => {
  await app?.close();
  await service?.close();
  await database?.drop();
});

describe('database errors in logs', () => {
  it('a failing query with a secret parameter is logged with its SQL text and without the value', async () => {
    const res = await app.inject({ method: 'GET', url: '/cast' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error' });
    expect(res.body).not.toContain(ciphertext);

    const line = logs.entries().find((entry) => entry.msg === 'unhandled error');
    expect(line).toBeDefined();
    const text = JSON.stringify(line);
    expect(text).toContain('SELECT $1::uuid AS id');
    expect(text).toContain('22P02');
    expect(text).not.toContain(ciphertext);
    expect(text).not.toContain('CIPHERTEXT');
  });

  it('a unique violation keeps the constraint name and drops the key value PostgreSQL puts in its detail', async () => {
    const res = await app.inject({ method: 'GET', url: '/duplicate' });
    expect(res.statusCode).toBe(500);
    const text = logs.text();
    expect(text).toContain('users_pkey');
    expect(text).not.toContain('ann@example.test');
    expect(text).not.toContain('SECRETHASHVALUE');
  });

  it('a PostgreSQL error from the pool loses its detail and keeps its SQLSTATE and constraint', async () => {
    const res = await app.inject({ method: 'GET', url: '/duplicate-raw' });
    expect(res.statusCode).toBe(500);
    const line = logs
      .entries()
      .filter((entry) => entry.msg === 'unhandled error')
      .at(-1);
    const text = JSON.stringify(line);
    expect(text).toContain('23505');
    expect(text).toContain('users_pkey');
    expect(text).not.toContain('bob-dup');
  });

  it('an error logged under another key, or as the log message, loses its parameters too', async () => {
    const res = await app.inject({ method: 'GET', url: '/logged' });
    expect(res.statusCode).toBe(200);
    const line = logs
      .entries()
      .find((entry) => typeof entry.msg === 'string' && entry.msg.startsWith('Failed query: UPDATE'));
    expect(line).toBeDefined();
    const text = JSON.stringify(line);
    expect(text).toContain('params: [redacted]');
    expect(text).not.toContain('SECRETHASHVALUE');
    expect(text).not.toContain('CIPHERTEXT');
  });
});
