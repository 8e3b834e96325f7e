/** Who is calling. Humans, AI agents and Symbia services are all principals (DESIGN §6). */
export type PrincipalType = 'user' | 'agent' | 'service';

export const principalTypes: readonly PrincipalType[] = ['user', 'agent', 'service'];

export interface OrgMembership {
  readonly id: string;
  /** Identity's org role: `viewer` | `member` | `admin` (identity.md §5.1). */
  readonly role: string;
}

/**
 * The authenticated caller as every service sees it. Instances handed out by this package are frozen:
 * verified principals are shared between requests through the token cache, so mutating one would leak
 * into other requests.
 */
export interface Principal {
  readonly type: PrincipalType;
  /** Identity's id for the principal: user id, agent row id, or service id for services. */
  readonly id: string;
  /** The org the credential was issued for (the caller's active org), if any. */
  readonly orgId: string | null;
  readonly orgs: readonly OrgMembership[];
  readonly entitlements: readonly string[];
  readonly roles: readonly string[];
  readonly isSuperAdmin: boolean;
  /** Session the access token belongs to; the revocation deny-list is keyed by it. */
  readonly sessionId: string | null;
  readonly via: 'jwt' | 'api_key';
  readonly name?: string;
  readonly email?: string;
  /** Agents: the public agent id (e.g. `assistant:demo`). */
  readonly agentId?: string;
  /** Services: the service id (e.g. `messaging`). */
  readonly serviceId?: string;
  /** API-key principals: the key's id (never the key). */
  readonly apiKeyId?: string;
  /** API-key principals: the key's raw scopes; `entitlements` already holds scopes ∩ creator rights. */
  readonly scopes?: readonly string[];
  /** When the credential stops being valid, in epoch seconds (JWT `exp`). */
  readonly expiresAt?: number;
}

/** Super admins hold every entitlement (identity.md §5.4). */
export function hasEntitlement(principal: Principal, entitlement: string): boolean {
  return principal.isSuperAdmin || principal.entitlements.includes(entitlement);
}

export function hasAnyEntitlement(principal: Principal, entitlements: readonly string[]): boolean {
  return principal.isSuperAdmin || entitlements.some((e) => principal.entitlements.includes(e));
}

export function hasAllEntitlements(principal: Principal, entitlements: readonly string[]): boolean {
  return principal.isSuperAdmin || entitlements.every((e) => principal.entitlements.includes(e));
}

export function isOrgMember(principal: Principal, orgId: string): boolean {
  return principal.isSuperAdmin || principal.orgs.some((o) => o.id === orgId);
}

export function isOrgAdmin(principal: Principal, orgId: string): boolean {
  return principal.isSuperAdmin || principal.orgs.some((o) => o.id === orgId && o.role === 'admin');
}

/** Freezes a principal and its arrays so a cached instance can be shared safely. */
export function freezePrincipal(principal: Principal): Principal {
  for (const org of principal.orgs) Object.freeze(org);
  Object.freeze(principal.orgs);
  Object.freeze(principal.entitlements);
  Object.freeze(principal.roles);
  if (principal.scopes) Object.freeze(principal.scopes);
  return Object.freeze(principal);
}
