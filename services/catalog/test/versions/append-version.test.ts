import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orgDefaultPolicy } from '../../src/access/access-policy.js';
import { resources } from '../../src/db/schema.js';
import { createResourceStore } from '../../src/resources/resource.store.js';
import { appendVersion } from '../../src/versions/append-version.js';
import { createVersionStore } from '../../src/versions/version.store.js';
import { startCatalogDatabase } from '../helpers/catalog-harness.js';

let env: Awaited<ReturnType<typeof startCatalogDatabase>>;
const orgId = '0190c000-0000-7000-8000-000000000001';

beforeAll(async () => {
  env = await startCatalogDatabase();
});
afterAll(() => env?.close());

describe('appendVersion', () => {
  it('gives concurrent publishes of changed content distinct, gap-free numbers from 1 (real Postgres, 12 connections)', async () => {
    const db = env.database.db;
    const now = new Date();
    await createResourceStore(db).insert({
      id: 'res-concurrent',
      key: 'c/1',
      name: 'C',
      description: null,
      type: 'graph',
      status: 'draft',
      tags: [],
      orgId,
      accessPolicy: orgDefaultPolicy(orgId),
      metadata: {},
      currentVersion: null,
      isBootstrap: false,
      bootstrapHash: null,
      modifiedByOperator: false,
      createdBy: null,
      createdAt: now,
      updatedAt: now,
    });
    const publishes = Array.from({ length: 10 }, (_, n) =>
      db.transaction(async (tx) => {
        // Each writer changes the content, then publishes in the same transaction.
        await tx.update(resources).set({ metadata: { n } }).where(eq(resources.id, 'res-concurrent'));
        return appendVersion(
          { resources: createResourceStore(tx), versions: createVersionStore(tx) },
          'res-concurrent',
          undefined,
          'tester',
        );
      }),
    );
    const numbers = (await Promise.all(publishes)).map((r) => r!.version.version).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const row = await createResourceStore(db).findForUpdate('res-concurrent');
    expect(row).toMatchObject({ status: 'published', currentVersion: 10 });
  });
});
