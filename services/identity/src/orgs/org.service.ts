import { uuidv7 } from '@symbia/kit';
import { badRequest, forbidden, notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import { IdentityErrorCodes } from '../errors.js';
import type { RevocationRecorder } from '../revocations/revocation-recorder.js';
import type { UserStore } from '../users/user.store.js';
import type { OrgFeatureRow, OrgFeatureStore } from './org-feature.store.js';
import type { MemberWithUser, MembershipRow, OrgRole, OrgRow, OrgStore, OrgSummary, PlanRow } from './org.store.js';

export const FREE_PLAN = {
  name: 'free',
  features: ['basic_access'],
  limits: { members: 5, api_calls: 1000 },
  priceCents: 0,
};

export interface OrgService {
  create(userId: string, input: { name: string; slug: string }, actor: AuditActor): Promise<OrgRow>;
  listMine(userId: string): Promise<OrgSummary[]>;
  /** identity.md §7.6: the org, its members and its unexpired feature flags (`entitlements`). */
  get(
    userId: string,
    orgId: string,
  ): Promise<{
    organization: OrgRow & { plan: PlanRow | null };
    members: MemberWithUser[];
    entitlements: OrgFeatureRow[];
  }>;
  invite(
    userId: string,
    orgId: string,
    input: { email: string; role: OrgRole },
    actor: AuditActor,
  ): Promise<MembershipRow>;
  setRole(userId: string, orgId: string, memberId: string, role: OrgRole, actor: AuditActor): Promise<MembershipRow>;
  removeMember(userId: string, orgId: string, memberId: string, actor: AuditActor): Promise<void>;
  license(
    userId: string,
    orgId: string,
  ): Promise<{
    organization: string;
    plan: string;
    features: string[];
    limits: Record<string, number>;
    status: 'active';
  }>;
  /** The caller's membership; another org (or none) answers 404 so ids never leak across tenants. */
  membership(userId: string, orgId: string): Promise<MembershipRow>;
}

const slugInUse = () =>
  badRequest(
    'Organization slug already in use',
    [{ field: 'body.slug', message: 'is taken' }],
    IdentityErrorCodes.slugInUse,
  );

export function createOrgService(deps: {
  orgs: OrgStore;
  users: UserStore;
  features: OrgFeatureStore;
  audit: AuditLog;
  revocations?: RevocationRecorder;
  clock?: () => number;
}): OrgService {
  const { orgs, users, features, audit, revocations, clock = Date.now } = deps;

  const membership = async (userId: string, orgId: string): Promise<MembershipRow> => {
    const m = await orgs.findMembership(orgId, userId);
    if (!m) throw notFound('Organization not found');
    return m;
  };
  const requireAdmin = async (userId: string, orgId: string, message: string) => {
    if ((await membership(userId, orgId)).role !== 'admin') throw forbidden(message);
  };
  // W14: an org always keeps at least one admin.
  const keepsAnAdmin = async (orgId: string, member: MembershipRow, nextRole: OrgRole | null) => {
    if (member.role === 'admin' && nextRole !== 'admin' && (await orgs.countAdmins(orgId)) <= 1) {
      throw badRequest('An organization must keep at least one admin', undefined, IdentityErrorCodes.lastAdmin);
    }
  };

  return {
    async create(userId, input, actor) {
      const org = { id: uuidv7(), name: input.name, slug: input.slug, planId: null };
      if (!(await orgs.insert(org))) throw slugInUse();
      await orgs.addMember({ id: uuidv7(), orgId: org.id, userId, role: 'admin' });
      await audit.record(actor, { action: 'org.created', resource: 'organization', resourceId: org.id, orgId: org.id });
      return (await orgs.findById(org.id))!;
    },
    listMine: (userId) => orgs.listForUser(userId),
    async get(userId, orgId) {
      await membership(userId, orgId);
      const org = (await orgs.findById(orgId))!;
      const [plan, members, entitlements] = await Promise.all([
        org.planId ? orgs.findPlan(org.planId).then((p) => p ?? null) : null,
        orgs.listMembers(orgId),
        features.listActive(orgId, new Date(clock())),
      ]);
      return { organization: { ...org, plan }, members, entitlements };
    },
    async invite(userId, orgId, input, actor) {
      await requireAdmin(userId, orgId, 'Only admins can invite members');
      const invitee = await users.findByEmail(input.email.trim().toLowerCase());
      if (!invitee)
        throw badRequest('User not found. They need to register first.', [
          { field: 'body.email', message: 'no such user' },
        ]);
      const row = await orgs.addMember({ id: uuidv7(), orgId, userId: invitee.id, role: input.role });
      if (!row) throw badRequest('User is already a member', undefined, IdentityErrorCodes.alreadyMember);
      await audit.record(actor, {
        action: 'member.invited',
        resource: 'membership',
        resourceId: row.id,
        orgId,
        metadata: { userId: invitee.id, role: input.role },
      });
      return row;
    },
    async setRole(userId, orgId, memberId, role, actor) {
      await requireAdmin(userId, orgId, 'Only admins can update roles');
      const member = await orgs.findMember(orgId, memberId);
      if (!member) throw notFound('Member not found');
      await keepsAnAdmin(orgId, member, role);
      const updated = (await orgs.setRole(orgId, memberId, role))!;
      // DESIGN §6: tokens carrying the old role are refused everywhere, so the holder refreshes.
      await revocations?.subject(member.userId);
      await audit.record(actor, {
        action: 'member.role_updated',
        resource: 'membership',
        resourceId: memberId,
        orgId,
        metadata: { role },
      });
      return updated;
    },
    async removeMember(userId, orgId, memberId, actor) {
      await requireAdmin(userId, orgId, 'Only admins can remove members');
      const member = await orgs.findMember(orgId, memberId);
      if (!member) throw notFound('Member not found');
      await keepsAnAdmin(orgId, member, null);
      await orgs.removeMember(orgId, memberId);
      await revocations?.membership(member.userId, orgId);
      await audit.record(actor, {
        action: 'member.removed',
        resource: 'membership',
        resourceId: memberId,
        orgId,
        metadata: { userId: member.userId },
      });
    },
    async license(userId, orgId) {
      await membership(userId, orgId);
      const org = (await orgs.findById(orgId))!;
      const plan = org.planId ? await orgs.findPlan(org.planId) : undefined;
      const p = plan ?? FREE_PLAN;
      return { organization: org.name, plan: p.name, features: p.features, limits: p.limits, status: 'active' };
    },
    membership,
  };
}
