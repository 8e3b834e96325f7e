import { uuidv7 } from '@symbia/kit';
import { forbidden, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { OrgStore } from '../orgs/org.store.js';
import type { ProjectStore } from '../projects/project.store.js';
import type { ScopedEntitlementRow, ScopedEntitlementStore, ScopeType } from './scoped-entitlement.store.js';

export interface ScopedEntitlementInput {
  scopeType: ScopeType;
  scopeId: string;
  featureKey: string;
  quota?: number;
  enabled?: boolean;
  expiresAt?: Date | null;
  metadata?: Record<string, unknown>;
}
export type ScopedEntitlementPatch = Partial<
  Pick<ScopedEntitlementRow, 'quota' | 'consumed' | 'enabled' | 'expiresAt'>
>;

export interface ScopedEntitlementService {
  list(userId: string, scopeType: ScopeType, scopeId: string): Promise<ScopedEntitlementRow[]>;
  create(userId: string, input: ScopedEntitlementInput, actor: AuditActor): Promise<ScopedEntitlementRow>;
  /** W15: omitted fields stay as they are. */
  update(userId: string, id: string, patch: ScopedEntitlementPatch, actor: AuditActor): Promise<ScopedEntitlementRow>;
  delete(userId: string, id: string, actor: AuditActor): Promise<void>;
}

const onlyAdmins = () => forbidden('Only admins can manage entitlements');

export function createScopedEntitlementService(deps: {
  store: ScopedEntitlementStore;
  projects: ProjectStore;
  orgs: OrgStore;
  audit: AuditLog;
}): ScopedEntitlementService {
  const { store, projects, orgs, audit } = deps;

  /** identity.md §7.8 scope resolution, through the caller's membership: another org's scope is not found. */
  const scopeOf = async (
    userId: string,
    scopeType: ScopeType,
    scopeId: string,
  ): Promise<{ orgId: string; role: string }> => {
    const found =
      scopeType === 'org'
        ? await orgs.findMembership(scopeId, userId).then((m) => m && { orgId: m.orgId, role: m.role })
        : scopeType === 'project'
          ? await projects.findProjectAsMember(userId, scopeId)
          : scopeType === 'application'
            ? await projects.findApplicationAsMember(userId, scopeId)
            : await projects.findServiceAsMember(userId, scopeId);
    if (!found)
      throw notFound(
        `${{ org: 'Organization', project: 'Project', application: 'Application', service: 'Service' }[scopeType]} not found`,
      );
    return { orgId: found.orgId, role: found.role };
  };
  const managed = async (userId: string, id: string) => {
    const row = await store.findAsMember(userId, id);
    if (!row) throw notFound('Entitlement not found');
    if (row.role !== 'admin') throw onlyAdmins();
    return row;
  };

  return {
    async list(userId, scopeType, scopeId) {
      const { orgId } = await scopeOf(userId, scopeType, scopeId);
      return store.listForScope(orgId, scopeType, scopeId);
    },
    async create(userId, input, actor) {
      const { orgId, role } = await scopeOf(userId, input.scopeType, input.scopeId);
      if (role !== 'admin') throw onlyAdmins();
      const row = await store.insert({
        id: uuidv7(),
        orgId,
        scopeType: input.scopeType,
        scopeId: input.scopeId,
        featureKey: input.featureKey,
        quota: input.quota ?? 0,
        consumed: 0,
        enabled: input.enabled ?? true,
        expiresAt: input.expiresAt ?? null,
        metadata: input.metadata ?? {},
      });
      await audit.record(actor, {
        action: 'scoped_entitlement.created',
        resource: 'scoped_entitlement',
        resourceId: row.id,
        orgId,
        metadata: { scopeType: row.scopeType, scopeId: row.scopeId, featureKey: row.featureKey },
      });
      return row;
    },
    async update(userId, id, patch, actor) {
      const row = await managed(userId, id);
      const updated = (await store.update(row.orgId, id, patch))!;
      await audit.record(actor, {
        action: 'scoped_entitlement.updated',
        resource: 'scoped_entitlement',
        resourceId: id,
        orgId: row.orgId,
        metadata: { fields: Object.keys(patch) },
      });
      return updated;
    },
    async delete(userId, id, actor) {
      const row = await managed(userId, id);
      await store.delete(row.orgId, id);
      await audit.record(actor, {
        action: 'scoped_entitlement.deleted',
        resource: 'scoped_entitlement',
        resourceId: id,
        orgId: row.orgId,
      });
    },
  };
}
