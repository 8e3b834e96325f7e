import type { Principal } from '@symbia/auth';
import { decodeCursor, encodeCursor, uuidv7, type Page } from '@symbia/kit';
import { z } from 'zod';
import { readScopeOf } from '../access/access-policy.js';
import { notFound } from '@symbia/kit/errors';
import type { ResourceService } from '../resources/resource.service.js';
import type { ResourceRow, ResourceStore } from '../resources/resource.store.js';
import { contentHash } from './content-hash.js';
import type { VersionRow, VersionStore } from './version.store.js';

export interface PublishResult {
  version: VersionRow;
  /** false when the content equals the latest version's and that version was returned instead. */
  created: boolean;
}

export interface VersionService {
  publish(principal: Principal, resourceId: string, changelog: string | undefined): Promise<PublishResult>;
  list(principal: Principal | null, resourceId: string): Promise<VersionRow[]>;
  get(principal: Principal | null, resourceId: string, version: number): Promise<VersionRow>;
  listAll(principal: Principal | null, page: { limit: number; cursor?: string }): Promise<Page<VersionRow>>;
}

const versionCursor = z.object({ i: z.string() });

export interface VersionStores {
  resources: ResourceStore;
  versions: VersionStore;
}

/** What a version freezes: the definition, not bookkeeping (status, timestamps, version counters). */
export function snapshotOf(row: ResourceRow): Record<string, unknown> {
  return {
    key: row.key, name: row.name, description: row.description, type: row.type, tags: row.tags,
    orgId: row.orgId, accessPolicy: row.accessPolicy, metadata: row.metadata,
  };
}

/**
 * Appends version n = latest + 1 under a row lock on the resource, so concurrent publishes get distinct,
 * gap-free numbers from 1 (W7); UNIQUE (resource_id, version) is the backstop. Publishing content equal
 * to the latest version is idempotent: that version comes back and nothing is written.
 */
export async function appendVersion(stores: VersionStores, resourceId: string, changelog: string | undefined, createdBy: string | null): Promise<PublishResult | undefined> {
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
    id: uuidv7(), resourceId, version: number, content, contentHash: hash, changelog: changelog ?? `Published version ${number}`,
    publishedAt: now, createdBy,
  });
  await stores.resources.update(resourceId, { status: 'published', currentVersion: number, updatedAt: now });
  return { version, created: true };
}

export function createVersionService(deps: {
  resources: ResourceService;
  versions: VersionStore;
  transaction: <T>(fn: (stores: VersionStores) => Promise<T>) => Promise<T>;
}): VersionService {
  const { resources, versions, transaction } = deps;
  return {
    publish: (principal, resourceId, changelog) =>
      transaction(async (stores) => {
        await resources.authorize(principal, resourceId, 'publish', stores.resources);
        return (await appendVersion(stores, resourceId, changelog, principal.id))!;
      }),
    async list(principal, resourceId) {
      // W2: versions are as visible as their resource.
      await resources.get(principal, resourceId);
      return versions.listForResource(resourceId);
    },
    async listAll(principal, page) {
      const before = page.cursor ? decodeCursor(page.cursor, versionCursor).i : undefined;
      const rows = await versions.listReadable(readScopeOf(principal), page.limit + 1, before);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor({ i: last.id }) : null };
    },
    async get(principal, resourceId, version) {
      await resources.get(principal, resourceId);
      return (await versions.find(resourceId, version)) ?? Promise.reject(notFound('Version not found'));
    },
  };
}
