import { uuidv7 } from '@symbia/kit';
import type { ResourceRow, ResourceStore } from '../resources/resource.store.js';
import { contentHash } from './content-hash.js';
import type { VersionRow, VersionStore } from './version.store.js';

export interface PublishResult {
  version: VersionRow;
  /** false when the content equals the latest version's and that version was returned instead. */
  created: boolean;
}

/** The stores a publish touches, bound to one transaction. */
export interface VersionStores {
  resources: ResourceStore;
  versions: VersionStore;
}

/** What a version freezes: the definition, not bookkeeping (status, timestamps, version counters). */
export function snapshotOf(row: ResourceRow): Record<string, unknown> {
  return {
    key: row.key,
    name: row.name,
    description: row.description,
    type: row.type,
    tags: row.tags,
    orgId: row.orgId,
    accessPolicy: row.accessPolicy,
    metadata: row.metadata,
  };
}

/**
 * Appends version n = latest + 1 under a row lock on the resource, so concurrent publishes get distinct,
 * gap-free numbers from 1 (W7); UNIQUE (resource_id, version) is the backstop. Publishing content equal
 * to the latest version is idempotent: that version comes back and nothing is written.
 */
export async function appendVersion(
  stores: VersionStores,
  resourceId: string,
  changelog: string | undefined,
  createdBy: string | null,
): Promise<PublishResult | undefined> {
  const row = await stores.resources.findForUpdate(resourceId);
  if (!row) return undefined;
  const content = snapshotOf(row);
  const hash = contentHash(content);
  const latest = await stores.versions.latest(resourceId);
  if (latest && latest.contentHash === hash) {
    if (row.status !== 'published') await stores.resources.update(resourceId, { status: 'published' });
    return { version: latest, created: false };
  }
  const number = (latest?.version ?? 0) + 1;
  const now = new Date();
  const version = await stores.versions.insert({
    id: uuidv7(),
    resourceId,
    version: number,
    content,
    contentHash: hash,
    changelog: changelog ?? `Published version ${number}`,
    publishedAt: now,
    createdBy,
  });
  await stores.resources.update(resourceId, { status: 'published', currentVersion: number, updatedAt: now });
  return { version, created: true };
}
