import type { Principal } from '@symbia/auth';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/bootstrap/bootstrap-data.js';
import type { BootstrapDefinition } from '../../src/bootstrap/bootstrap-definition.js';
import { createBootstrapService } from '../../src/bootstrap/bootstrap.service.js';
import { createBootstrapStore } from '../../src/bootstrap/bootstrap.store.js';
import { resourceVersions } from '../../src/db/schema.js';
import { createResourceService } from '../../src/resources/resource.service.js';
import { createResourceStore } from '../../src/resources/resource.store.js';
import { createVersionStore } from '../../src/versions/version.store.js';
import { startCatalogDatabase } from '../helpers/catalog-harness.js';

let env: Awaited<ReturnType<typeof startCatalogDatabase>>;
beforeAll(async () => {
  env = await startCatalogDatabase();
});
afterAll(() => env?.close());

// A super admin as identity's verified token would describe one (domain test: no HTTP here).
const operator: Principal = {
  type: 'user',
  id: 'op-1',
  orgId: null,
  orgs: [],
  entitlements: [],
  roles: [],
  isSuperAdmin: true,
  sessionId: 's',
  via: 'jwt',
};

function services(definitions: readonly BootstrapDefinition[]) {
  const db = env.database.db;
  const store = createResourceStore(db);
  return {
    bootstrap: createBootstrapService({
      definitions,
      resources: store,
      transaction: (fn) =>
        db.transaction((tx) =>
          fn({
            resources: createResourceStore(tx),
            versions: createVersionStore(tx),
            bootstrap: createBootstrapStore(tx),
          }),
        ),
    }),
    resources: createResourceService({
      store,
      transaction: (fn) =>
        db.transaction((tx) => fn({ resources: createResourceStore(tx), versions: createVersionStore(tx) })),
    }),
  };
}

const countVersions = async () => (await env.database.db.select().from(resourceVersions)).length;

describe('bootstrap loader', () => {
  it('inserts the set once; loading again changes nothing, even from two replicas at once', async () => {
    const first = await services(bootstrapDefinitions).bootstrap.load();
    expect(first.inserted).toHaveLength(bootstrapDefinitions.length);
    const before = await services(bootstrapDefinitions).bootstrap.list();
    const versions = await countVersions();
    const [a, b] = await Promise.all([
      services(bootstrapDefinitions).bootstrap.load(),
      services(bootstrapDefinitions).bootstrap.load(),
    ]);
    for (const report of [a, b])
      expect(report).toEqual({ inserted: [], updated: [], unchanged: bootstrapDefinitions.length, skipped: [] });
    expect(await services(bootstrapDefinitions).bootstrap.list()).toEqual(before);
    expect(await countVersions()).toBe(versions);
  });

  it('updates rows whose definition changed (publishing a version) but keeps an operator edit and a deletion', async () => {
    const { bootstrap, resources } = services(bootstrapDefinitions);
    await resources.update(operator, 'ast-echo', { description: 'operator wording' });
    await resources.remove(operator, 'cmp-delay');
    const changed = bootstrapDefinitions.map((d) =>
      d.id === 'ast-echo' || d.id === 'cmp-map' ? { ...d, description: `${d.description} (v2)` } : d,
    );
    const report = await services(changed).bootstrap.load();
    expect(report.updated).toEqual(['cmp-map']);
    expect(report.skipped.sort()).toEqual(['ast-echo', 'cmp-delay']);
    const rows = await bootstrap.list();
    expect(rows.find((r) => r.id === 'ast-echo')?.description).toBe('operator wording');
    expect(rows.find((r) => r.id === 'cmp-map')).toMatchObject({
      currentVersion: 2,
      description: expect.stringContaining('(v2)'),
    });
    expect(rows.find((r) => r.id === 'cmp-delay')).toBeUndefined();
  });
});
