import { isOrgMember, type Principal } from '../principal.js';
import { canonicalCapability, findCapability } from './capability-registry.js';

/** Whether the principal carries `capability` (or one of its aliases) at all; super admins carry every one. */
export function holdsCapability(principal: Principal, capability: string): boolean {
  if (principal.isSuperAdmin) return true;
  const wanted = canonicalCapability(capability);
  return principal.entitlements.some((held) => canonicalCapability(held) === wanted);
}

/**
 * Whether `capability` lets the principal act on a resource of `orgId` (DESIGN §6).
 *
 * - `orgId === null` is a platform row (a catalog row or conversation with no org): only super admins, and
 *   service principals holding the capability, act on it.
 * - A platform-scoped capability acts on every org's resources.
 * - An org-scoped capability acts only on resources of an org the principal belongs to.
 * - An unknown capability acts nowhere (super admins aside).
 */
export function hasCapabilityFor(principal: Principal, capability: string, orgId: string | null): boolean {
  if (principal.isSuperAdmin) return true;
  if (!holdsCapability(principal, capability)) return false;
  const definition = findCapability(capability);
  if (definition === undefined) return false;
  if (orgId === null) return principal.type === 'service';
  if (definition.scope === 'org') return isOrgMember(principal, orgId);
  return true;
}

/** Any one of `capabilities` acts on a resource of `orgId` (see hasCapabilityFor). */
export function hasAnyCapabilityFor(
  principal: Principal,
  capabilities: readonly string[],
  orgId: string | null,
): boolean {
  return capabilities.some((capability) => hasCapabilityFor(principal, capability, orgId));
}

/** Who grants, as identity knows them at the moment of the grant (never read from a token alone). */
export interface Granter {
  readonly isSuperAdmin: boolean;
  /** Capabilities and roles the granter holds itself (any names; aliases are resolved). */
  readonly held: readonly string[];
  /** The granter administers the org the grant is for (the agent's or key's org). */
  readonly isAdminOfTargetOrg: boolean;
}

/** Why a grant is refused; each is also the error code identity answers with (one code per concept, STYLE 6). */
export const GrantRefusals = {
  /** Not in the registry. */
  unknown: 'capability_unknown',
  /** Service-only: minted into service tokens, never granted. */
  reserved: 'reserved_capability',
  /** Platform-wide: only a super admin grants it. */
  platformOnly: 'capability_platform_only',
  /** The granter does not hold it. */
  notHeld: 'capability_not_held',
} as const;

export type GrantRefusal = (typeof GrantRefusals)[keyof typeof GrantRefusals];

/**
 * Whether `granter` may grant `capability` to a user, agent, API key or plan (DESIGN §6). An org admin holds every
 * org-scoped capability of its org for this purpose; anyone else grants only what it holds.
 */
export function checkGrant(granter: Granter, capability: string): GrantRefusal | null {
  const definition = findCapability(capability);
  if (definition === undefined) return GrantRefusals.unknown;
  if (definition.scope === 'service') return GrantRefusals.reserved;
  if (granter.isSuperAdmin) return null;
  if (definition.scope === 'platform') return GrantRefusals.platformOnly;
  if (granter.isAdminOfTargetOrg) return null;
  const held = new Set(granter.held.map(canonicalCapability));
  return held.has(definition.name) ? null : GrantRefusals.notHeld;
}

/** The first refused capability of `capabilities` with its reason, or null when every one may be granted. */
export function firstRefusedGrant(
  granter: Granter,
  capabilities: readonly string[],
): { capability: string; reason: GrantRefusal } | null {
  for (const capability of capabilities) {
    const reason = checkGrant(granter, capability);
    if (reason !== null) return { capability, reason };
  }
  return null;
}
