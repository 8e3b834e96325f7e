import type { Principal } from '@symbia/auth';
import { decodeCursor, encodeCursor, type Page } from '@symbia/kit';
import { notFound } from '@symbia/kit/errors';
import { z } from 'zod';
import { readScopeOf } from '../access/access-policy.js';
import type { ResourceService } from '../resources/resource.service.js';
import { appendVersion, type PublishResult, type VersionStores } from './append-version.js';
import type { VersionRow, VersionStore } from './version.store.js';

export interface VersionService {
  publish(principal: Principal, resourceRef: string, changelog: string | undefined): Promise<PublishResult>;
  list(principal: Principal | null, resourceRef: string): Promise<VersionRow[]>;
  get(principal: Principal | null, resourceRef: string, version: number): Promise<VersionRow>;
  listAll(principal: Principal | null, page: { limit: number; cursor?: string }): Promise<Page<VersionRow>>;
}

const versionCursor = z.object({ i: z.string() });
export const versionNotFound = () => notFound('Version not found');

/** Resources are addressed by id or platform key (`resourceRef`); versions are always stored under the id. */
export function createVersionService(deps: {
  resources: ResourceService;
  versions: VersionStore;
  transaction: <T>(fn: (stores: VersionStores) => Promise<T>) => Promise<T>;
}): VersionService {
  const { resources, versions, transaction } = deps;
  return {
    publish: (principal, resourceRef, changelog) =>
      transaction(async (stores) => {
        const row = await resources.authorize(principal, resourceRef, 'publish', stores.resources);
        return (await appendVersion(stores, row.id, changelog, principal.id))!;
      }),
    async list(principal, resourceRef) {
      // W2: versions are as visible as their resource.
      const row = await resources.get(principal, resourceRef);
      return versions.listForResource(row.id);
    },
    async listAll(principal, page) {
      const before = page.cursor ? decodeCursor(page.cursor, versionCursor).i : undefined;
      const rows = await versions.listReadable(readScopeOf(principal), page.limit + 1, before);
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor({ i: last.id }) : null };
    },
    async get(principal, resourceRef, version) {
      const row = await resources.get(principal, resourceRef);
      return (await versions.find(row.id, version)) ?? Promise.reject(versionNotFound());
    },
  };
}
