import type { Principal } from '@symbia/auth';
import { uuidv7, decodeCursor, encodeCursor, type Page } from '@symbia/kit';
import { forbidden } from '@symbia/kit/errors';
import { z } from 'zod';
import {
  can,
  canAdminister,
  orgDefaultPolicy,
  privateDefaultPolicy,
  readScopeOf,
  type AccessPolicy,
  type PolicyAction,
} from '../access/access-policy.js';
import { appendVersion, type VersionStores } from '../versions/append-version.js';
import type { ResourceStatus, ResourceType } from './resource-types.js';
import {
  adminRequired,
  assertMayCreate,
  assertMayExposeNew,
  assertPolicyFits,
  deniedMessages,
  keyInUse,
  resourceNotFound,
} from './resource-rules.js';
import type { ResourceFilters, ResourceRow, ResourceStats, ResourceStore } from './resource.store.js';

export interface CreateResourceInput {
  key: string;
  name: string;
  type: ResourceType;
  description?: string | null;
  tags?: string[];
  orgId?: string | null;
  accessPolicy?: AccessPolicy;
  metadata?: Record<string, unknown>;
  /** `published` publishes version 1 in the same transaction (needs the publish right). */
  status?: ResourceStatus;
  isBootstrap?: boolean;
}

export interface UpdateResourceInput {
  key?: string;
  name?: string;
  description?: string | null;
  status?: 'draft' | 'deprecated';
  tags?: string[];
  metadata?: Record<string, unknown>;
  accessPolicy?: AccessPolicy;
}

export interface ResourceService {
  list(
    principal: Principal | null,
    filters: ResourceFilters,
    page: { limit: number; cursor?: string },
  ): Promise<Page<ResourceRow>>;
  /** `ref` is an id or a platform row's key. */
  get(principal: Principal | null, ref: string): Promise<ResourceRow>;
  getByKey(principal: Principal | null, key: string, orgId: string | null): Promise<ResourceRow>;
  tags(principal: Principal | null): Promise<{ tag: string; count: number }[]>;
  stats(principal: Principal | null): Promise<ResourceStats>;
  create(principal: Principal, input: CreateResourceInput): Promise<ResourceRow>;
  update(principal: Principal, ref: string, input: UpdateResourceInput): Promise<ResourceRow>;
  remove(principal: Principal, ref: string): Promise<void>;
  /** The row if the caller may read it and perform `action` on it: 404 when unreadable, 403 when read-only. */
  authorize(principal: Principal, ref: string, action: PolicyAction, store?: ResourceStore): Promise<ResourceRow>;
}

export interface ResourceServiceDeps {
  store: ResourceStore;
  /** Runs `fn` in one transaction with stores bound to it. */
  transaction: <T>(fn: (stores: VersionStores) => Promise<T>) => Promise<T>;
}

const cursorSchema = z.object({ u: z.string().datetime(), i: z.string() });

/**
 * The row create and the upsert's create branch insert, after checking the caller may create it and choose
 * its exposure; `published` is reached by publishing afterwards.
 */
export function checkedNewRow(
  principal: Principal,
  input: CreateResourceInput,
): Parameters<ResourceStore['insert']>[0] {
  const orgId = input.orgId ?? null;
  assertMayCreate(principal, orgId);
  assertMayExposeNew(principal, orgId, input);
  const accessPolicy = input.accessPolicy ?? (orgId ? orgDefaultPolicy(orgId) : privateDefaultPolicy());
  assertPolicyFits(accessPolicy, orgId);
  const now = new Date();
  return {
    id: uuidv7(),
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    type: input.type,
    status: input.status === 'deprecated' ? 'deprecated' : 'draft',
    tags: input.tags ?? [],
    orgId,
    accessPolicy,
    metadata: input.metadata ?? {},
    currentVersion: null,
    isBootstrap: input.isBootstrap ?? false,
    bootstrapHash: null,
    modifiedByOperator: false,
    createdBy: principal.id,
    createdAt: now,
    updatedAt: now,
  };
}

/** Publishes `row` inside the caller's transaction and returns it as it is afterwards. */
export async function publishWithin(
  stores: VersionStores,
  principal: Principal,
  row: ResourceRow,
): Promise<ResourceRow> {
  if (!can(principal, row, 'publish')) throw forbidden(deniedMessages.publish);
  await appendVersion(stores, row.id, undefined, principal.id);
  return (await stores.resources.findForUpdate(row.id))!;
}

export function createResourceService(deps: ResourceServiceDeps): ResourceService {
  const { store, transaction } = deps;

  const authorize: ResourceService['authorize'] = async (principal, ref, action, on = store) => {
    const row = await on.findReadable(readScopeOf(principal), ref);
    if (!row) throw resourceNotFound();
    if (!can(principal, row, action)) throw forbidden(deniedMessages[action]);
    return row;
  };

  return {
    authorize,

    async list(principal, filters, page) {
      const after = page.cursor ? decodeCursor(page.cursor, cursorSchema) : undefined;
      const rows = await store.list(
        readScopeOf(principal),
        filters,
        page.limit + 1,
        after && { updatedAt: new Date(after.u), id: after.i },
      );
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return {
        items,
        nextCursor:
          rows.length > page.limit && last ? encodeCursor({ u: last.updatedAt.toISOString(), i: last.id }) : null,
      };
    },

    async get(principal, ref) {
      return (await store.findReadable(readScopeOf(principal), ref)) ?? Promise.reject(resourceNotFound());
    },

    async getByKey(principal, key, orgId) {
      return (await store.findReadableByKey(readScopeOf(principal), key, orgId)) ?? Promise.reject(resourceNotFound());
    },

    tags: (principal) => store.tagCounts(readScopeOf(principal), 500),
    stats: (principal) => store.stats(readScopeOf(principal)),

    async create(principal, input) {
      const values = checkedNewRow(principal, input);
      return transaction(async (stores) => {
        const row = await stores.resources.insert(values);
        if (!row) throw keyInUse();
        return input.status === 'published' ? publishWithin(stores, principal, row) : row;
      });
    },

    async update(principal, ref, input) {
      const row = await authorize(principal, ref, 'write');
      if (input.accessPolicy) {
        if (!canAdminister(principal, row.orgId))
          throw adminRequired('Only administrators may change the access policy');
        assertPolicyFits(input.accessPolicy, row.orgId);
      }
      // An operator's edit of a loader-owned bootstrap row is kept: the loader skips rows marked modified (W16).
      const updated = await store.update(row.id, {
        ...input,
        ...(row.bootstrapHash !== null && { modifiedByOperator: true }),
      });
      if (updated === 'key_in_use') throw keyInUse();
      return updated ?? Promise.reject(resourceNotFound());
    },

    async remove(principal, ref) {
      await transaction(async (stores) => {
        const row = await authorize(principal, ref, 'delete', stores.resources);
        await stores.resources.delete(row);
      });
    },
  };
}
