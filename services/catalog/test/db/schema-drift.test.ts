import { createTestDatabase, findSchemaDrift, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CATALOG_SCHEMA, migrationsDir } from '../../src/db/db.js';
import * as tables from '../../src/db/schema.js';

// The SQL migrations are the source of truth for DDL and src/db/schema.ts mirrors them for Drizzle: a fresh
// database migrated with the former must hold exactly the tables, columns and unique indexes the latter declares.
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'catalog_drift' });
});
afterAll(() => database?.drop());

describe('catalog database schema', () => {
  it('matches its Drizzle tables after every migration', async () => {
    const mismatches = await findSchemaDrift({ url: database.url, schema: CATALOG_SCHEMA, migrationsDir, tables });
    expect(mismatches, 'src/db/schema.ts and src/db/migrations/*.sql disagree').toEqual([]);
  });
});
