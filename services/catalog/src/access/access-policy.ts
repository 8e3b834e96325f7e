import type { Principal } from '@symbia/auth';
import { z } from 'zod';

/** catalog.md §3.4. Tokens: public, authenticated, role:<r>, cap:<c>, org:<id>, role:member:<id>, role:admin:<id>. */
export const policyActions = ['read', 'write', 'publish', 'sign', 'certify', 'delete'] as const;
export type PolicyAction = (typeof policyActions)[number];

const token = z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9:._*-]+$/, 'is not an access token such as public, org:<id> or cap:<name>');
const rule = z.object({ anyOf: z.array(token).max(50) }).strict();

/**
 * Validated on every write, so a stored policy always has this shape and list queries never meet a
 * malformed one (W3). Unknown actions are refused rather than silently kept.
 */
export const accessPolicySchema = z.object({
  visibility: z.enum(['public', 'org', 'private']),
  actions: z.object({ read: rule, write: rule, publish: rule, sign: rule, certify: rule, delete: rule }).partial().strict().default({}),
}).strict();

export type AccessPolicy = z.infer<typeof accessPolicySchema>;

const anyOf = (...tokens: string[]) => ({ anyOf: tokens });

/** catalog.md §6.3 "private default": only platform admins and registry writers. */
export const privateDefaultPolicy = (): AccessPolicy => ({
  visibility: 'private',
  actions: {
    read: anyOf('role:admin', 'cap:registry.write'),
    write: anyOf('cap:registry.write', 'role:admin'),
    publish: anyOf('cap:registry.publish', 'role:publisher', 'role:admin'),
    sign: anyOf('cap:registry.sign', 'role:admin'),
    certify: anyOf('cap:registry.certify', 'role:admin'),
    delete: anyOf('role:admin'),
  },
});

/**
 * Default for an org's resource: members read, members and admins write and publish, org admins sign,
 * certify and delete. Platform signers and certifiers cannot reach another org's rows anyway (DESIGN §5), so
 * an org vouches for its own content.
 */
export const orgDefaultPolicy = (orgId: string): AccessPolicy => ({
  visibility: 'org',
  actions: {
    read: anyOf(`org:${orgId}`),
    write: anyOf(`role:member:${orgId}`, `role:admin:${orgId}`),
    publish: anyOf(`role:member:${orgId}`, `role:admin:${orgId}`),
    sign: anyOf(`role:admin:${orgId}`),
    certify: anyOf(`role:admin:${orgId}`),
    delete: anyOf(`role:admin:${orgId}`),
  },
});

/** Policy of bootstrap rows (catalog.md §12): everyone reads; only platform admins change them. */
export const bootstrapPolicy = (): AccessPolicy => ({
  visibility: 'public',
  actions: { read: anyOf('public'), write: anyOf('role:admin'), publish: anyOf('role:admin'), delete: anyOf('role:admin') },
});

/** catalog.md §6.2: the tokens a caller holds. Org memberships come only from the verified token. */
export function entitlementSet(principal: Principal | null): string[] {
  if (!principal) return ['public'];
  const set = new Set<string>(['public', 'authenticated', ...principal.entitlements]);
  for (const role of principal.roles) set.add(role.startsWith('role:') ? role : `role:${role}`);
  for (const org of principal.orgs) {
    set.add(`org:${org.id}`);
    if (org.role === 'member' || org.role === 'admin') set.add(`role:member:${org.id}`);
    if (org.role === 'admin') set.add(`role:admin:${org.id}`);
  }
  if (principal.isSuperAdmin) set.add('role:admin');
  return [...set];
}

/** What a caller may see, as the store needs it to filter rows in SQL (the same rule as `can(…, 'read')`). */
export interface ReadScope {
  /** Super admins see everything. */
  all: boolean;
  anonymous: boolean;
  memberOrgIds: string[];
  entitlements: string[];
}

export function readScopeOf(principal: Principal | null): ReadScope {
  return {
    all: principal?.isSuperAdmin ?? false,
    anonymous: principal === null,
    memberOrgIds: principal ? principal.orgs.map((o) => o.id) : [],
    entitlements: entitlementSet(principal),
  };
}

/**
 * catalog.md §6.3. A row of another org is never accessible, whatever its policy says (DESIGN §5); a
 * policy that does not parse, or lacks the action, denies (W3).
 */
export function can(principal: Principal | null, resource: { orgId: string | null; accessPolicy: unknown }, action: PolicyAction): boolean {
  if (principal?.isSuperAdmin) return true;
  if (resource.orgId !== null && !principal?.orgs.some((o) => o.id === resource.orgId)) return false;
  const parsed = accessPolicySchema.safeParse(resource.accessPolicy);
  if (!parsed.success) return false;
  if (parsed.data.visibility !== 'public' && principal === null) return false;
  const tokens = parsed.data.actions[action]?.anyOf;
  if (!tokens) return false;
  const held = new Set(entitlementSet(principal));
  return tokens.some((t) => held.has(t));
}

/**
 * W4: changing the policy, and touching platform rows' protected fields, needs an administrator: a super
 * admin, a platform `role:admin`, or an admin of the resource's org.
 */
export function canAdminister(principal: Principal, orgId: string | null): boolean {
  const held = entitlementSet(principal);
  return principal.isSuperAdmin || held.includes('role:admin') || (orgId !== null && held.includes(`role:admin:${orgId}`));
}

/**
 * Choosing how a *new* row is exposed (its policy, membership of the bootstrap set). Administrators may;
 * so may registry publishers for platform rows, since releasing platform content to consumers is exactly
 * their right (models.md §10: the models service registers public model rows with cap:registry.publish).
 * Changing those fields on an existing row still needs an administrator (W4).
 */
export function canExpose(principal: Principal, orgId: string | null): boolean {
  return canAdminister(principal, orgId) || (orgId === null && principal.entitlements.includes('cap:registry.publish'));
}
