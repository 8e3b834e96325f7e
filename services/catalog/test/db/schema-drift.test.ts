import { createTestDatabase, findSchemaDrift, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogDatabase } from '../../src/db/db.js';

// The SQL migrations are the source of truth for DDL and src/db/schema.ts mirrors them for Drizzle: a fresh
// database migrated with the former must hold the tables and columns the latter declares, with the same types,
// nullability and defaults (packages/testing/src/schema-drift.ts says what is compared).
let database: TestDatabase;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'catalog_drift' });
});
afterAll(() => database?.drop());

describe('catalog database schema', () => {
  it('matches its Drizzle tables after every migration', async () => {
    const mismatches = await findSchemaDrift(catalogDatabase, { url: database.url });
    expect(mismatches, 'src/db/schema.ts and src/db/migrations/*.sql disagree').toEqual([]);
  });
});
