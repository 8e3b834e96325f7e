import type { Principal } from '@symbia/auth';
import { uuidv7, decodeCursor, encodeCursor, type Page } from '@symbia/kit';
import { badRequest, conflict, forbidden, notFound } from '@symbia/kit/errors';
import { z } from 'zod';
import { can, canAdminister, orgDefaultPolicy, privateDefaultPolicy, readScopeOf, type AccessPolicy, type PolicyAction } from '../access/access-policy.js';
import { CatalogErrorCodes } from '../errors.js';
import type { ResourceType } from './resource-types.js';
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
  list(principal: Principal | null, filters: ResourceFilters, page: { limit: number; cursor?: string }): Promise<Page<ResourceRow>>;
  get(principal: Principal | null, id: string): Promise<ResourceRow>;
  getByKey(principal: Principal | null, key: string, orgId: string | null): Promise<ResourceRow>;
  tags(principal: Principal | null): Promise<{ tag: string; count: number }[]>;
  stats(principal: Principal | null): Promise<ResourceStats>;
  create(principal: Principal, input: CreateResourceInput): Promise<ResourceRow>;
  update(principal: Principal, id: string, input: UpdateResourceInput): Promise<ResourceRow>;
  remove(principal: Principal, id: string): Promise<void>;
  /** The row if the caller may read it and perform `action` on it: 404 when unreadable, 403 when read-only. */
  authorize(principal: Principal, id: string, action: PolicyAction, store?: ResourceStore): Promise<ResourceRow>;
}

const cursorSchema = z.object({ u: z.string().datetime(), i: z.string() });
const resourceNotFound = () => notFound('Resource not found');
const keyInUse = () => conflict('A resource with this key already exists', CatalogErrorCodes.keyInUse);
const denied: Record<PolicyAction, string> = {
  read: 'Access denied',
  write: "You don't have permission to edit this resource",
  publish: "You don't have permission to publish this resource",
  delete: "You don't have permission to delete this resource",
};

/** Org members (not viewers) may create in their org; platform rows need a registry writer (catalog.md §8.3). */
function assertMayCreate(principal: Principal, orgId: string | null): void {
  if (principal.isSuperAdmin) return;
  if (orgId !== null) {
    const membership = principal.orgs.find((o) => o.id === orgId);
    // DESIGN §5: an org the caller does not belong to answers 404, never a hint that it exists.
    if (!membership) throw notFound('Organization not found');
    if (membership.role !== 'member' && membership.role !== 'admin') throw forbidden("You don't have permission to create resources");
    return;
  }
  if (!principal.entitlements.includes('cap:registry.write') && !principal.roles.some((r) => r === 'admin' || r === 'role:admin')) {
    throw forbidden("You don't have permission to create resources");
  }
}

function assertPolicyFits(policy: AccessPolicy, orgId: string | null): void {
  if (policy.visibility === 'org' && orgId === null) {
    throw badRequest('An org-visibility policy needs an orgId', [{ field: 'body.accessPolicy.visibility', message: 'org visibility requires orgId' }], CatalogErrorCodes.invalidAccessPolicy);
  }
}

export function createResourceService(deps: { store: ResourceStore; transaction: <T>(fn: (store: ResourceStore) => Promise<T>) => Promise<T> }): ResourceService {
  const { store, transaction } = deps;

  const authorize: ResourceService['authorize'] = async (principal, id, action, on = store) => {
    const row = await on.findReadable(readScopeOf(principal), id);
    if (!row) throw resourceNotFound();
    if (!can(principal, row, action)) throw forbidden(denied[action]);
    return row;
  };

  return {
    authorize,

    async list(principal, filters, page) {
      const after = page.cursor ? decodeCursor(page.cursor, cursorSchema) : undefined;
      const rows = await store.list(readScopeOf(principal), filters, page.limit + 1, after && { updatedAt: new Date(after.u), id: after.i });
      const items = rows.slice(0, page.limit);
      const last = items.at(-1);
      return { items, nextCursor: rows.length > page.limit && last ? encodeCursor({ u: last.updatedAt.toISOString(), i: last.id }) : null };
    },

    async get(principal, id) {
      return (await store.findReadable(readScopeOf(principal), id)) ?? Promise.reject(resourceNotFound());
    },

    async getByKey(principal, key, orgId) {
      return (await store.findReadableByKey(readScopeOf(principal), key, orgId)) ?? Promise.reject(resourceNotFound());
    },

    tags: (principal) => store.tagCounts(readScopeOf(principal), 500),
    stats: (principal) => store.stats(readScopeOf(principal)),

    async create(principal, input) {
      const orgId = input.orgId ?? null;
      assertMayCreate(principal, orgId);
      // W4: choosing a policy other than the default is an administrator's decision.
      if (input.accessPolicy && !canAdminister(principal, orgId)) throw forbidden('Only administrators may set an access policy', CatalogErrorCodes.adminActionRequired);
      const accessPolicy = input.accessPolicy ?? (orgId ? orgDefaultPolicy(orgId) : privateDefaultPolicy());
      assertPolicyFits(accessPolicy, orgId);
      const now = new Date();
      const row = await store.insert({
        id: uuidv7(), key: input.key, name: input.name, description: input.description ?? null, type: input.type, status: 'draft',
        tags: input.tags ?? [], orgId, accessPolicy, metadata: input.metadata ?? {}, currentVersion: null,
        isBootstrap: false, bootstrapHash: null, modifiedByOperator: false, createdBy: principal.id, createdAt: now, updatedAt: now,
      });
      return row ?? Promise.reject(keyInUse());
    },

    async update(principal, id, input) {
      const row = await authorize(principal, id, 'write');
      if (input.accessPolicy) {
        if (!canAdminister(principal, row.orgId)) throw forbidden('Only administrators may change the access policy', CatalogErrorCodes.adminActionRequired);
        assertPolicyFits(input.accessPolicy, row.orgId);
      }
      // An operator's edit of a bootstrap row is kept: the loader skips rows marked modified (W16).
      const updated = await store.update(id, { ...input, ...(row.isBootstrap && { modifiedByOperator: true }) });
      if (updated === 'key_in_use') throw keyInUse();
      return updated ?? Promise.reject(resourceNotFound());
    },

    async remove(principal, id) {
      await transaction(async (tx) => {
        const row = await authorize(principal, id, 'delete', tx);
        await tx.delete(row);
      });
    },
  };
}
