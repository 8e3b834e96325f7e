import type { Principal } from '@symbia/auth';
import { badRequest, conflict, forbidden, notFound } from '@symbia/kit/errors';
import { can, canAdminister, type AccessPolicy } from '../access/access-policy.js';
import { CatalogErrorCodes } from '../errors.js';
import type { VersionStores } from '../versions/append-version.js';
import { canonicalJson } from '../versions/content-hash.js';
import type { ResourceStatus, ResourceType } from './resource-types.js';
import { adminRequired, assertPolicyFits, deniedMessages, keyInUse, resourceNotFound } from './resource-rules.js';
import { checkedNewRow, publishWithin } from './resource.service.js';
import type { ResourcePatch, ResourceRow } from './resource.store.js';

/** The full definition a PUT replaces the resource with (catalog.md §8.8, models.md §10). */
export interface UpsertResourceInput {
  /** Optional repetition of the target key (models.md §10 sends it); it must match. */
  key?: string;
  name: string;
  type: ResourceType;
  description?: string | null;
  tags?: string[];
  metadata?: Record<string, unknown>;
  /** Absent: a new row gets the default policy, an existing row keeps its own. */
  accessPolicy?: AccessPolicy;
  /** `published` publishes a version when the content changed (idempotent otherwise). Absent keeps the status. */
  status?: ResourceStatus;
  isBootstrap?: boolean;
}

export interface UpsertTarget {
  key: string;
  /** null: a platform row. */
  orgId: string | null;
}

export interface UpsertService {
  upsert(
    principal: Principal,
    target: UpsertTarget,
    input: UpsertResourceInput,
  ): Promise<{ resource: ResourceRow; created: boolean }>;
}

const same = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** The patch that turns `row` into `input`, or null when nothing would change (so a repeated PUT writes nothing). */
function replacementPatch(row: ResourceRow, input: UpsertResourceInput): ResourcePatch | null {
  const next = {
    name: input.name,
    description: input.description ?? null,
    tags: input.tags ?? [],
    metadata: input.metadata ?? {},
  };
  const patch: ResourcePatch = {};
  if (!same(next, { name: row.name, description: row.description, tags: row.tags, metadata: row.metadata }))
    Object.assign(patch, next);
  if (input.accessPolicy && !same(input.accessPolicy, row.accessPolicy)) patch.accessPolicy = input.accessPolicy;
  if (input.isBootstrap !== undefined && input.isBootstrap !== row.isBootstrap) patch.isBootstrap = input.isBootstrap;
  if (input.status && input.status !== 'published' && input.status !== row.status) patch.status = input.status;
  return Object.keys(patch).length > 0 ? patch : null;
}

/**
 * Replaces an existing row: write right on it, same type, and W4 for the protected fields (a policy or
 * bootstrap flag equal to the stored one is not a change, so a repeated PUT from a writer passes).
 */
async function replace(
  stores: VersionStores,
  principal: Principal,
  row: ResourceRow,
  input: UpsertResourceInput,
): Promise<ResourceRow> {
  // A key the caller cannot see is simply taken, as for POST (no more is revealed than a 409 would).
  if (!can(principal, row, 'read')) throw keyInUse();
  if (!can(principal, row, 'write')) throw forbidden(deniedMessages.write);
  if (row.type !== input.type) {
    throw conflict(
      `This key belongs to a resource of type ${row.type}; a resource's type cannot change`,
      CatalogErrorCodes.typeImmutable,
      [{ field: 'body.type', message: `must be ${row.type}` }],
    );
  }
  if (input.isBootstrap && row.orgId !== null) {
    throw badRequest('Only platform resources (no orgId) can be part of the bootstrap set', [
      { field: 'body.isBootstrap', message: 'requires a platform resource (orgId null)' },
    ]);
  }
  const patch = replacementPatch(row, input);
  let current = row;
  if (patch) {
    if ((patch.accessPolicy || patch.isBootstrap !== undefined) && !canAdminister(principal, row.orgId)) {
      throw adminRequired(
        'Only administrators may change the access policy or bootstrap membership of an existing resource',
      );
    }
    if (patch.accessPolicy) assertPolicyFits(patch.accessPolicy, row.orgId);
    // An operator's edit of a loader-owned bootstrap row is kept: the loader skips rows marked modified (W16).
    const updated = await stores.resources.update(row.id, {
      ...patch,
      ...(row.bootstrapHash !== null && { modifiedByOperator: true }),
    });
    if (!updated || updated === 'key_in_use') throw resourceNotFound();
    current = updated;
  }
  return input.status === 'published' ? publishWithin(stores, principal, current) : current;
}

/** `PUT /api/resources/<key>`: create or replace by key, atomically, in one transaction. */
export function createUpsertService(deps: {
  transaction: <T>(fn: (stores: VersionStores) => Promise<T>) => Promise<T>;
}): UpsertService {
  return {
    async upsert(principal, target, { key, ...input }) {
      if (key !== undefined && key !== target.key)
        throw badRequest('The body key differs from the key in the path', [
          { field: 'body.key', message: `must equal ${target.key} or be omitted` },
        ]);
      // DESIGN §5: an org the caller does not belong to answers 404, before anything is looked up in it.
      if (target.orgId !== null && !principal.isSuperAdmin && !principal.orgs.some((o) => o.id === target.orgId))
        throw notFound('Organization not found');
      return deps.transaction(async (stores) => {
        // Two rounds at most: a concurrent PUT may insert the key between our lookup and our insert.
        for (let round = 0; round < 2; round += 1) {
          const existing = await stores.resources.findByKeyForUpdate(target.key, target.orgId);
          if (existing) return { resource: await replace(stores, principal, existing, input), created: false };
          const row = await stores.resources.insert(
            checkedNewRow(principal, { ...input, key: target.key, orgId: target.orgId }),
          );
          if (row)
            return {
              resource: input.status === 'published' ? await publishWithin(stores, principal, row) : row,
              created: true,
            };
        }
        throw keyInUse();
      });
    },
  };
}
