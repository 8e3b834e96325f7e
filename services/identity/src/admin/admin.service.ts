import { uuidv7 } from '@symbia/kit';
import { badRequest, notFound } from '@symbia/kit/errors';
import type { AgentStore } from '../agents/agent.store.js';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { AuditFilter, AuditRow, AuditStore } from '../audit/audit.store.js';
import type { EntityStore } from '../entities/entity.store.js';
import { assertGrantable, createGrantPolicy, NO_RIGHTS, REGISTRY_ONLY } from './grant-policy.js';
import { IdentityErrorCodes } from '../errors.js';
import type { OrgRow, OrgStore, PlanRow } from '../orgs/org.store.js';
import type { RevocationRecorder } from '../revocations/revocation-recorder.js';
import type { SessionService } from '../sessions/session.service.js';
import type { KeyRing } from '../tokens/key-ring.js';
import type { GrantKind, GrantRow, GrantStore } from '../users/grant.store.js';
import { normalizeEmail } from '../users/user.service.js';
import type { UserRow, UserStore } from '../users/user.store.js';

export type PlanInput = Partial<Pick<PlanRow, 'name' | 'features' | 'limits' | 'priceCents'>>;

export interface AdminService {
  listUsers(limit: number, offset: number): Promise<UserRow[]>;
  updateUser(
    callerId: string,
    id: string,
    patch: { name?: string; email?: string; isSuperAdmin?: boolean },
    actor: AuditActor,
  ): Promise<UserRow>;
  deleteUser(callerId: string, id: string, actor: AuditActor): Promise<void>;
  listGrants(userId: string, kind: GrantKind): Promise<GrantRow[]>;
  grant(
    callerId: string,
    userId: string,
    kind: GrantKind,
    key: string,
    expiresAt: Date | null,
    actor: AuditActor,
  ): Promise<GrantRow>;
  revokeGrant(userId: string, kind: GrantKind, key: string, actor: AuditActor): Promise<void>;
  listOrgs(limit: number, offset: number): ReturnType<OrgStore['listAll']>;
  updateOrg(
    id: string,
    patch: { name?: string; slug?: string; planId?: string | null },
    actor: AuditActor,
  ): Promise<OrgRow>;
  deleteOrg(id: string, actor: AuditActor): Promise<void>;
  listPlans(): Promise<PlanRow[]>;
  createPlan(input: PlanInput & { name: string }, actor: AuditActor): Promise<PlanRow>;
  updatePlan(id: string, input: PlanInput, actor: AuditActor): Promise<PlanRow>;
  auditLogs(filter: AuditFilter, limit: number, offset: number): Promise<AuditRow[]>;
  rotateSigningKey(actor: AuditActor): Promise<{ kid: string; retired: number }>;
  /** COUNT queries only (identity.md §7.1); W21: never anonymous. */
  stats(): Promise<{ totalUsers: number; totalOrgs: number; totalAgents: number; totalEntities: number }>;
}

export function createAdminService(deps: {
  users: UserStore;
  agents: AgentStore;
  grants: GrantStore;
  orgs: OrgStore;
  entities: Pick<EntityStore, 'deleteBySource' | 'count'>;
  auditStore: AuditStore;
  audit: AuditLog;
  sessions: SessionService;
  keyRing: KeyRing;
  systemOrgId: string;
  revocations?: RevocationRecorder;
}): AdminService {
  const { users, grants, orgs, auditStore, audit, sessions, keyRing, systemOrgId } = deps;
  const userExists = async (id: string) => {
    if (!(await users.findById(id))) throw notFound('User not found');
  };
  const grantLabel = (kind: GrantKind) => (kind === 'entitlement' ? 'user_entitlement' : 'user_role');
  const grantPolicy = createGrantPolicy({ users, orgs, grants });
  // A plan's features that name capabilities or roles are grants too (DESIGN §6); other features are free labels.
  // Only super admins reach plan routes, so the registry alone decides.
  const assertPlanFeatures = (features: readonly string[] | undefined) =>
    assertGrantable(
      REGISTRY_ONLY,
      (features ?? []).filter((f) => f.startsWith('cap:') || f.startsWith('role:')),
      'body.features',
    );

  return {
    listUsers: (limit, offset) => users.list(limit, offset),
    async updateUser(callerId, id, patch, actor) {
      if (id === callerId && patch.isSuperAdmin === false)
        throw badRequest('Cannot remove super admin status from yourself');
      const updated = await users.update(id, {
        ...patch,
        ...(patch.email !== undefined && { email: normalizeEmail(patch.email) }),
      });
      if (updated === 'email_taken') throw badRequest('Email already in use', undefined, IdentityErrorCodes.emailInUse);
      if (!updated) throw notFound('User not found');
      // Tokens carrying the old super-admin flag are refused everywhere (DESIGN §6).
      if (patch.isSuperAdmin !== undefined) await deps.revocations?.subject(id);
      await audit.record(actor, {
        action: 'admin.user.updated',
        resource: 'user',
        resourceId: id,
        metadata: { fields: Object.keys(patch) },
      });
      return updated;
    },
    async deleteUser(callerId, id, actor) {
      if (id === callerId) throw badRequest('Cannot delete yourself');
      await userExists(id);
      // Revoke first (publishes the events), then delete: sessions, keys, grants and memberships cascade (W8).
      await sessions.revokeAllOfUser(id, 'user_deleted');
      await users.delete(id);
      // Its API keys went with it; services drop their cached introspections of them.
      await deps.revocations?.subject(id);
      // The directory must not keep addressing a deleted principal (entities carry no FK to users).
      await deps.entities.deleteBySource('users', id);
      await audit.record(actor, { action: 'admin.user.deleted', resource: 'user', resourceId: id });
    },
    async listGrants(userId, kind) {
      await userExists(userId);
      return grants.list(userId, kind);
    },
    async grant(callerId, userId, kind, key, expiresAt, actor) {
      const field = kind === 'entitlement' ? 'body.entitlementKey' : 'body.roleKey';
      assertGrantable(REGISTRY_ONLY, [key], field);
      // The route admits super admins only; the granter is still read from the database, never assumed.
      const granter = await grantPolicy.granterFor(callerId, null);
      assertGrantable(granter ?? NO_RIGHTS, [key], field);
      await userExists(userId);
      const row = await grants.insert({ id: uuidv7(), userId, kind, grantKey: key, grantedBy: callerId, expiresAt });
      if (!row)
        throw badRequest(kind === 'entitlement' ? 'User already has this entitlement' : 'User already has this role');
      await deps.revocations?.subject(userId);
      await audit.record(actor, {
        action: `admin.${grantLabel(kind)}.granted`,
        resource: 'user',
        resourceId: userId,
        metadata: { key },
      });
      return row;
    },
    async revokeGrant(userId, kind, key, actor) {
      if (!(await grants.delete(userId, kind, key)))
        throw notFound(kind === 'entitlement' ? 'Entitlement not found' : 'Role not found');
      await deps.revocations?.subject(userId);
      await audit.record(actor, {
        action: `admin.${grantLabel(kind)}.revoked`,
        resource: 'user',
        resourceId: userId,
        metadata: { key },
      });
    },
    listOrgs: (limit, offset) => orgs.listAll(limit, offset),
    async updateOrg(id, patch, actor) {
      if (patch.planId && !(await orgs.findPlan(patch.planId)))
        throw badRequest('Plan not found', [{ field: 'body.planId', message: 'unknown plan' }]);
      const updated = await orgs.update(id, patch);
      if (updated === 'slug_taken') throw badRequest('Slug already in use', undefined, IdentityErrorCodes.slugInUse);
      if (!updated) throw notFound('Organization not found');
      await audit.record(actor, {
        action: 'admin.org.updated',
        resource: 'organization',
        resourceId: id,
        orgId: id,
        metadata: { fields: Object.keys(patch) },
      });
      return updated;
    },
    async deleteOrg(id, actor) {
      if (id === systemOrgId) throw badRequest('The system organization cannot be deleted');
      const members = await orgs.listMembers(id);
      if (!(await orgs.delete(id))) throw notFound('Organization not found');
      // Memberships went with the org; tokens issued before now lose it in every service.
      for (const member of members) await deps.revocations?.membership(member.userId, id);
      await audit.record(actor, { action: 'admin.org.deleted', resource: 'organization', resourceId: id });
    },
    listPlans: () => orgs.listPlans(),
    async createPlan(input, actor) {
      assertPlanFeatures(input.features);
      const row = await orgs.insertPlan({
        id: uuidv7(),
        name: input.name,
        features: input.features ?? [],
        limits: input.limits ?? {},
        priceCents: input.priceCents ?? 0,
      });
      if (!row) throw badRequest('Plan with this name already exists');
      await audit.record(actor, { action: 'admin.plan.created', resource: 'plan', resourceId: row.id });
      return row;
    },
    async updatePlan(id, input, actor) {
      assertPlanFeatures(input.features);
      const row = await orgs.updatePlan(id, input);
      if (row === 'name_taken') throw badRequest('Plan with this name already exists');
      if (!row) throw notFound('Plan not found');
      await audit.record(actor, { action: 'admin.plan.updated', resource: 'plan', resourceId: id });
      return row;
    },
    auditLogs: (filter, limit, offset) => auditStore.list(filter, limit, offset),
    async rotateSigningKey(actor) {
      const result = await keyRing.rotate();
      await audit.record(actor, {
        action: 'admin.signing_key.rotated',
        resource: 'signing_key',
        resourceId: result.kid,
      });
      return result;
    },
    async stats() {
      const [totalUsers, totalOrgs, totalAgents, totalEntities] = await Promise.all([
        users.count(),
        orgs.count(),
        deps.agents.count(),
        deps.entities.count(),
      ]);
      return { totalUsers, totalOrgs, totalAgents, totalEntities };
    },
  };
}
