import { bootstrapPolicy, readScopeOf } from '../access/access-policy.js';
import type { ResourceRow, ResourceStore } from '../resources/resource.store.js';
import { contentHash } from '../versions/content-hash.js';
import { appendVersion } from '../versions/append-version.js';
import type { VersionStore } from '../versions/version.store.js';
import type { BootstrapDefinition } from './bootstrap-definition.js';
import type { BootstrapStore } from './bootstrap.store.js';

export interface BootstrapStores {
  resources: ResourceStore;
  versions: VersionStore;
  bootstrap: BootstrapStore;
}

export interface BootstrapReport {
  inserted: string[];
  updated: string[];
  unchanged: number;
  /** Rows an operator edited or deleted, or whose key an operator's row already holds. */
  skipped: string[];
}

export interface BootstrapService {
  load(): Promise<BootstrapReport>;
  /** catalog.md §8.1: published bootstrap rows everyone may read. */
  list(): Promise<ResourceRow[]>;
}

const BOOTSTRAP_ACTOR = 'system:catalog-bootstrap';

/**
 * Loads the bootstrap set idempotently (W16): one transaction under an advisory lock, upserting by id.
 * A row is (re)written only while it is still the loader's own: is_bootstrap, not modified by an
 * operator, and its bootstrap_hash differs from the definition's. Each write publishes a version.
 */
export function createBootstrapService(deps: {
  definitions: readonly BootstrapDefinition[];
  resources: ResourceStore;
  transaction: <T>(fn: (stores: BootstrapStores) => Promise<T>) => Promise<T>;
}): BootstrapService {
  const { definitions, resources, transaction } = deps;
  return {
    load: () =>
      transaction(async (stores) => {
        await stores.bootstrap.lock();
        const tombstones = await stores.bootstrap.tombstonedIds();
        const report: BootstrapReport = { inserted: [], updated: [], unchanged: 0, skipped: [] };
        for (const def of definitions) {
          if (tombstones.has(def.id)) {
            report.skipped.push(def.id);
            continue;
          }
          const hash = contentHash(def);
          const existing = await stores.resources.findForUpdate(def.id);
          const fields = {
            key: def.key,
            name: def.name,
            description: def.description,
            tags: def.tags,
            metadata: def.metadata,
            accessPolicy: bootstrapPolicy(),
          };
          if (!existing) {
            const now = new Date();
            const row = await stores.resources.insert({
              ...fields,
              id: def.id,
              type: def.type,
              status: 'published',
              orgId: null,
              currentVersion: null,
              isBootstrap: true,
              bootstrapHash: hash,
              modifiedByOperator: false,
              createdBy: BOOTSTRAP_ACTOR,
              createdAt: now,
              updatedAt: now,
            });
            if (!row) {
              report.skipped.push(def.id);
              continue;
            }
            await appendVersion(stores, def.id, 'Bootstrap data', BOOTSTRAP_ACTOR);
            report.inserted.push(def.id);
          } else if (!existing.isBootstrap || existing.modifiedByOperator) {
            report.skipped.push(def.id);
          } else if (existing.bootstrapHash === hash) {
            report.unchanged += 1;
          } else {
            await stores.resources.update(def.id, { ...fields, bootstrapHash: hash });
            await appendVersion(stores, def.id, 'Bootstrap data updated', BOOTSTRAP_ACTOR);
            report.updated.push(def.id);
          }
        }
        return report;
      }),
    list: async () =>
      (await resources.list(readScopeOf(null), { bootstrap: true }, 1000)).sort((a, b) =>
        a.key < b.key ? -1 : a.key > b.key ? 1 : 0,
      ),
  };
}
