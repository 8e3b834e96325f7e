import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { AppError, badRequest, conflict, forbidden, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { EntitySourceTable, EntityType } from '../db/schema.js';
import { IdentityErrorCodes } from '../errors.js';
import type { ProfileStore } from '../users/profile.store.js';
import { assertWrite, canRead, entityAccessFor, narrowedTo, type EntityAccess } from './entity-access.js';
import { newEntityId } from './entity-ids.js';
import { normalizeAddress, resolveAddress } from './entity-resolver.js';
import { syncEntities, type SyncSources } from './entity-sync.js';
import type { EntityFilter, EntityPatch, EntityRow, EntityStore } from './entity.store.js';

export interface CreateEntityInput {
  type: EntityType;
  slug: string;
  displayName: string;
  instanceId?: string | null;
  orgId?: string | null;
  networkId?: string | null;
  capabilities?: string[];
  tags?: string[];
  sourceTable?: EntitySourceTable;
  sourceId?: string;
  metadata?: Record<string, unknown>;
}

export interface ResolveResult {
  resolved: EntityRow | EntityRow[];
  count: number;
  address: string;
}

export interface EntityService {
  /**
   * Global entities and those of the caller's orgs (super admins and services: all); users' global entities only
   * for members of an org the user belongs to; `orgId` narrows to one readable org.
   */
  list(
    caller: Principal,
    filter: EntityFilter,
    limit: number,
    offset: number,
  ): Promise<{ entities: EntityRow[]; count: number }>;
  get(caller: Principal, id: string): Promise<EntityRow>;
  create(caller: Principal, input: CreateEntityInput, actor: AuditActor): Promise<EntityRow>;
  update(caller: Principal, id: string, patch: EntityPatch, actor: AuditActor): Promise<EntityRow>;
  /** `orgId`: the context org, which the caller must read (else 404). */
  resolve(caller: Principal, address: string, orgId: string | undefined): Promise<ResolveResult>;
  bind(caller: Principal, id: string, nodeId: string, actor: AuditActor): Promise<EntityRow>;
  unbind(caller: Principal, id: string, actor: AuditActor): Promise<EntityRow>;
  byNode(caller: Principal, nodeId: string): Promise<EntityRow>;
  /** Super admins (the route guards it): one entity per user and/or agent that has none. */
  sync(source: 'users' | 'agents' | 'all', actor: AuditActor): Promise<{ users: number; agents: number }>;
}

const entityNotFound = () => notFound('Entity not found');
const SUGGESTIONS = 5;

export function createEntityService(deps: {
  store: EntityStore;
  sources: SyncSources;
  profiles: ProfileStore;
  audit: AuditLog;
}): EntityService {
  const { store, sources, profiles, audit } = deps;
  const accessOf = (caller: Principal) => entityAccessFor(caller, profiles);

  const visibleEntity = async (access: EntityAccess, id: string) =>
    (await store.findById(access.read, id)) ?? Promise.reject(entityNotFound());
  const writableEntity = async (caller: Principal, id: string) => {
    const access = await accessOf(caller);
    const entity = await visibleEntity(access, id);
    assertWrite(access, entity.orgId);
    return entity;
  };
  const record = (actor: AuditActor, action: string, entity: EntityRow, metadata?: Record<string, unknown>) =>
    audit.record(actor, {
      action,
      resource: 'entity',
      resourceId: entity.id,
      orgId: entity.orgId,
      metadata: { slug: entity.slug, ...metadata },
    });

  // Linking an entity to a user or agent claims to speak for that principal: only for the platform or the principal itself.
  const assertSourceLink = (access: EntityAccess, input: CreateEntityInput) => {
    if (input.sourceTable === undefined && input.sourceId === undefined) return;
    if (input.sourceTable === undefined || input.sourceId === undefined) {
      throw badRequest('sourceTable and sourceId go together', [
        {
          field: input.sourceTable === undefined ? 'body.sourceTable' : 'body.sourceId',
          message: 'is required with the other',
        },
      ]);
    }
    const platform = access.write === null && access.writeGlobal;
    const itself = access.self?.table === input.sourceTable && access.self.id === input.sourceId;
    if (!platform && !itself)
      throw forbidden('Only super admins and platform services may link an entity to another principal');
  };

  return {
    async list(caller, filter, limit, offset) {
      const access = await accessOf(caller);
      if (filter.orgId !== undefined && !canRead(access, filter.orgId)) throw notFound('Organization not found');
      const { rows, total } = await store.list(access.read, filter, limit, offset);
      return { entities: rows, count: total };
    },

    async get(caller, id) {
      return visibleEntity(await accessOf(caller), id);
    },

    async create(caller, input, actor) {
      const access = await accessOf(caller);
      const orgId = input.orgId ?? null;
      assertWrite(access, orgId);
      assertSourceLink(access, input);
      if (input.sourceTable && input.sourceId && (await store.hasSource(input.sourceTable, input.sourceId))) {
        throw conflict('This principal already has an entity', IdentityErrorCodes.entityExists);
      }
      const entity = {
        id: newEntityId(),
        type: input.type,
        slug: input.slug,
        displayName: input.displayName,
        orgId,
        instanceId: input.instanceId ?? null,
        networkId: input.networkId ?? null,
        capabilities: [...new Set(input.capabilities ?? [])],
        tags: [...new Set(input.tags ?? [])],
        sourceTable: input.sourceTable ?? null,
        sourceId: input.sourceId ?? null,
        metadata: input.metadata ?? {},
      };
      // identity.md §7.12: `@slug` (priority 100) and `type:slug` (90) address the new entity.
      const row = await store.insert(entity, [
        { id: uuidv7(), aliasType: 'slug', aliasValue: input.slug, orgId, priority: 100 },
        { id: uuidv7(), aliasType: 'qualified', aliasValue: `${input.type}:${input.slug}`, orgId, priority: 90 },
      ]);
      if (!row) {
        const existing = await store.findByAddress(input.slug, orgId, entity.instanceId);
        throw conflict(
          'Entity with this slug already exists',
          IdentityErrorCodes.entityExists,
          existing ? { existingId: existing.id } : undefined,
        );
      }
      await record(actor, 'entity.created', row, { type: row.type });
      return row;
    },

    async update(caller, id, patch, actor) {
      const entity = await writableEntity(caller, id);
      const fields = Object.keys(patch).filter((k) => patch[k as keyof EntityPatch] !== undefined);
      if (fields.length === 0) return entity;
      const next = {
        ...patch,
        ...(patch.capabilities && { capabilities: [...new Set(patch.capabilities)] }),
        ...(patch.tags && { tags: [...new Set(patch.tags)] }),
      };
      const updated = (await store.update(id, next)) ?? Promise.reject(entityNotFound());
      await record(actor, 'entity.updated', entity, { fields });
      return updated;
    },

    async resolve(caller, rawAddress, orgId) {
      const access = await accessOf(caller);
      if (orgId !== undefined && !canRead(access, orgId)) throw notFound('Organization not found');
      const address = normalizeAddress(rawAddress);
      if (address.length === 0)
        throw badRequest('Address is required', [{ field: 'body.address', message: 'is empty' }]);
      const byName = orgId !== undefined ? narrowedTo(access, orgId) : access.read;
      const matches = await resolveAddress(store, { byId: access.read, byName }, address);
      if (matches.length === 0) {
        const suggestions = await store.suggestSlugs(
          byName,
          address.replace(/^[a-z]+:/, '').split('#')[0]!,
          SUGGESTIONS,
        );
        throw new AppError(404, IdentityErrorCodes.entityNotFound, 'Entity not found', {
          details: { address: rawAddress, suggestions },
        });
      }
      return { resolved: matches.length === 1 ? matches[0]! : matches, count: matches.length, address: rawAddress };
    },

    async bind(caller, id, nodeId, actor) {
      await writableEntity(caller, id);
      const bound = await store.bind(id, nodeId);
      if (bound === 'node_taken')
        throw conflict('This node is already bound to another entity', IdentityErrorCodes.nodeAlreadyBound);
      if (!bound) throw entityNotFound();
      await record(actor, 'entity.bound', bound, { nodeId });
      return bound;
    },

    async unbind(caller, id, actor) {
      const entity = await writableEntity(caller, id);
      const unbound = (await store.unbind(id)) ?? Promise.reject(entityNotFound());
      await record(actor, 'entity.unbound', entity, { nodeId: entity.boundNodeId });
      return unbound;
    },

    async byNode(caller, nodeId) {
      const access = await accessOf(caller);
      const entity = await store.findByNode(access.read, nodeId);
      if (!entity) throw notFound('No entity bound to this node');
      return entity;
    },

    async sync(source, actor) {
      const created = await syncEntities(store, sources, source === 'all' ? ['users', 'agents'] : [source]);
      await audit.record(actor, { action: 'entities.synced', resource: 'entity', metadata: { source, created } });
      return created;
    },
  };
}
