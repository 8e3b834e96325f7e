import { findCapability, hasAnyCapabilityFor, hasCapabilityFor, type Principal } from '@symbia/auth';
import { z } from 'zod';

/** catalog.md §3.4. Tokens: public, authenticated, role:<r>, cap:<c>, org:<id>, role:member:<id>, role:admin:<id>. */
export const policyActions = ['read', 'write', 'publish', 'sign', 'certify', 'delete'] as const;
export type PolicyAction = (typeof policyActions)[number];

const token = z
  .string()
  .trim()
  .min(1)
  .max(255)
  .regex(/^[A-Za-z0-9:._*-]+$/, 'is not an access token such as public, org:<id> or cap:<name>');
const rule = z.object({ anyOf: z.array(token).max(50) }).strict();

/**
 * Validated on every write, so a stored policy always has this shape and list queries never meet a
 * malformed one (W3). Unknown actions are refused rather than silently kept.
 */
export const accessPolicySchema = z
  .object({
    visibility: z.enum(['public', 'org', 'private']),
    actions: z
      .object({ read: rule, write: rule, publish: rule, sign: rule, certify: rule, delete: rule })
      .partial()
      .strict()
      .default({}),
  })
  .strict();

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
  actions: {
    read: anyOf('public'),
    write: anyOf('role:admin'),
    publish: anyOf('role:admin'),
    delete: anyOf('role:admin'),
  },
});

/** Tokens every caller, or every signed-in one, holds (catalog.md §6.2). */
const everyoneTokens = (principal: Principal | null): string[] =>
  principal ? ['public', 'authenticated'] : ['public'];

/** Org memberships come only from the verified token: `org:<id>`, `role:member:<id>`, `role:admin:<id>`. */
function membershipTokens(principal: Principal | null): string[] {
  const set = new Set(everyoneTokens(principal));
  for (const org of principal?.orgs ?? []) {
    set.add(`org:${org.id}`);
    if (org.role === 'member' || org.role === 'admin') set.add(`role:member:${org.id}`);
    if (org.role === 'admin') set.add(`role:admin:${org.id}`);
  }
  return [...set];
}

const isMembershipToken = (token: string): boolean =>
  token === 'public' ||
  token === 'authenticated' ||
  token.startsWith('org:') ||
  token.startsWith('role:member:') ||
  token.startsWith('role:admin:');

/** Verified principals are shared frozen objects, so their rights view is computed once per principal. */
const rightsViews = new WeakMap<Principal, Principal>();

/** The principal with its roles (`admin`, `role:publisher`) counted among its capabilities, as policies name both. */
function rightsView(principal: Principal): Principal {
  let view = rightsViews.get(principal);
  if (view === undefined) {
    const roles = principal.roles.map((r) => (r.startsWith('role:') ? r : `role:${r}`));
    view = roles.length === 0 ? principal : { ...principal, entitlements: [...principal.entitlements, ...roles] };
    rightsViews.set(principal, view);
  }
  return view;
}

/**
 * Whether a policy token lets the principal act on a row of `orgId` (null: a platform row). Membership tokens
 * come from the token's orgs; every other token (`role:admin`, `cap:registry.write`, …) is a capability and acts
 * only through the registry (DESIGN §6): an org-scoped one only in the principal's orgs, and on platform rows
 * only for super admins and service principals that hold it.
 */
function tokenGrants(
  principal: Principal | null,
  held: ReadonlySet<string>,
  token: string,
  orgId: string | null,
): boolean {
  if (isMembershipToken(token)) return held.has(token);
  return principal !== null && hasCapabilityFor(rightsView(principal), token, orgId);
}

/** Every name (canonical and alias) of the known capabilities and roles the principal carries. */
function capabilityNames(principal: Principal): string[] {
  const names = new Set<string>();
  const view = rightsView(principal);
  for (const held of view.entitlements) {
    const definition = findCapability(held);
    if (definition) for (const name of [definition.name, ...definition.aliases]) names.add(name);
  }
  return [...names];
}

/** What a caller may see, as the store needs it to filter rows in SQL (the same rule as `can(…, 'read')`). */
export interface ReadScope {
  /** Super admins see everything. */
  all: boolean;
  anonymous: boolean;
  memberOrgIds: string[];
  /** Tokens that grant on platform rows (no org). */
  platformTokens: string[];
  /** Tokens that grant on rows of the caller's orgs. */
  orgTokens: string[];
}

export function readScopeOf(principal: Principal | null): ReadScope {
  const base = membershipTokens(principal);
  const names = principal ? capabilityNames(principal) : [];
  const memberOrgIds = principal ? principal.orgs.map((o) => o.id) : [];
  // hasCapabilityFor answers alike for every org the principal belongs to (org-scoped: a member; platform-scoped:
  // every org), so one token set serves all of them; `every` keeps this exact should that ever change.
  const inOrgs = names.filter((name) =>
    memberOrgIds.every((orgId) => hasCapabilityFor(rightsView(principal!), name, orgId)),
  );
  const onPlatform = names.filter((name) => hasCapabilityFor(rightsView(principal!), name, null));
  return {
    all: principal?.isSuperAdmin ?? false,
    anonymous: principal === null,
    memberOrgIds,
    platformTokens: [...base, ...onPlatform],
    orgTokens: [...base, ...inOrgs],
  };
}

/**
 * catalog.md §6.3. A row of another org is never accessible, whatever its policy says (DESIGN §5); a
 * policy that does not parse, or lacks the action, denies (W3). Capability tokens act through the registry
 * (tokenGrants), so `role:admin` or `cap:registry.write` held by an org's agent never reaches a platform row.
 */
export function can(
  principal: Principal | null,
  resource: { orgId: string | null; accessPolicy: unknown },
  action: PolicyAction,
): boolean {
  if (principal?.isSuperAdmin) return true;
  if (resource.orgId !== null && !principal?.orgs.some((o) => o.id === resource.orgId)) return false;
  const parsed = accessPolicySchema.safeParse(resource.accessPolicy);
  if (!parsed.success) return false;
  if (parsed.data.visibility !== 'public' && principal === null) return false;
  const tokens = parsed.data.actions[action]?.anyOf;
  if (!tokens) return false;
  const held = new Set(membershipTokens(principal));
  return tokens.some((t) => tokenGrants(principal, held, t, resource.orgId));
}

/**
 * W4: changing the policy, and touching platform rows' protected fields, needs an administrator: a super
 * admin, `role:admin` where the registry lets it act (a platform row: super admins and services only), or an
 * admin of the resource's org.
 */
export function canAdminister(principal: Principal, orgId: string | null): boolean {
  if (principal.isSuperAdmin || hasCapabilityFor(rightsView(principal), 'role:admin', orgId)) return true;
  return orgId !== null && principal.orgs.some((o) => o.id === orgId && o.role === 'admin');
}

/**
 * Whether the principal may create a row without an org: the registry's rule for platform rows (a super admin,
 * or a service holding `cap:registry.write` or `role:admin`).
 */
export const canCreatePlatformRow = (principal: Principal): boolean =>
  hasAnyCapabilityFor(rightsView(principal), ['cap:registry.write', 'role:admin'], null);

/**
 * Choosing how a *new* row is exposed (its policy, membership of the bootstrap set). Administrators may;
 * so may registry publishers for platform rows, since releasing platform content to consumers is exactly
 * their right (models.md §10: the models service registers public model rows with cap:registry.publish). On
 * platform rows the registry lets only super admins and services holding it do so.
 * Changing those fields on an existing row still needs an administrator (W4).
 */
export function canExpose(principal: Principal, orgId: string | null): boolean {
  return (
    canAdminister(principal, orgId) ||
    (orgId === null && hasCapabilityFor(rightsView(principal), 'cap:registry.publish', null))
  );
}
