import { firstRefusedGrant, type Granter, type GrantRefusal, GrantRefusals } from '@symbia/auth';
import { AppError, badRequest } from '@symbia/kit/errors';
import type { OrgStore } from '../orgs/org.store.js';
import { reservedCapabilityError } from '../service-principals/service-token.service.js';
import type { GrantStore } from '../users/grant.store.js';
import type { UserStore } from '../users/user.store.js';

/**
 * DESIGN §6 "One capability registry": who may grant what to a user, an agent, an API key or a plan. The granter
 * is read from identity's own tables at the moment of the grant (super admin flag, unexpired grants, role in the
 * target org), never from the caller's token, which may be up to 15 minutes old.
 */
export interface GrantPolicy {
  /** User `userId` as a granter for a principal of `targetOrgId` (null: a principal without an org); null for no such user. */
  granterFor(userId: string, targetOrgId: string | null): Promise<Granter | null>;
}

export function createGrantPolicy(deps: {
  users: Pick<UserStore, 'findById'>;
  orgs: Pick<OrgStore, 'findMembership'>;
  grants: Pick<GrantStore, 'listActive'>;
  clock?: () => number;
}): GrantPolicy {
  const { users, orgs, grants, clock = Date.now } = deps;
  return {
    async granterFor(userId, targetOrgId) {
      const [user, membership, held] = await Promise.all([
        users.findById(userId),
        targetOrgId === null ? undefined : orgs.findMembership(targetOrgId, userId),
        grants.listActive(userId, new Date(clock())),
      ]);
      if (user === undefined) return null;
      return {
        isSuperAdmin: user.isSuperAdmin,
        held: [...held.entitlements, ...held.roles],
        isAdminOfTargetOrg: membership?.role === 'admin',
      };
    },
  };
}

/** Checks only what the registry itself decides (unknown names, service-only rights): bad input, whoever asks. */
export const REGISTRY_ONLY: Granter = Object.freeze({
  isSuperAdmin: true,
  held: Object.freeze([]),
  isAdminOfTargetOrg: false,
});
/** A granter that may grant nothing (a caller identity no longer knows). */
export const NO_RIGHTS: Granter = Object.freeze({
  isSuperAdmin: false,
  held: Object.freeze([]),
  isAdminOfTargetOrg: false,
});

const refusalError = (reason: GrantRefusal, capability: string, field: string): AppError => {
  const details = (message: string) => [{ field, message }];
  switch (reason) {
    case GrantRefusals.unknown:
      return badRequest(
        `Unknown capability: ${capability}`,
        details(`${capability} is not a capability or role the platform knows`),
        GrantRefusals.unknown,
      );
    case GrantRefusals.reserved:
      return reservedCapabilityError(field, [capability]);
    case GrantRefusals.platformOnly:
      return new AppError(
        403,
        GrantRefusals.platformOnly,
        `Only super admins may grant ${capability}, which acts on every organization`,
        {
          details: details(`${capability} is platform-wide`),
        },
      );
    case GrantRefusals.notHeld:
      return new AppError(403, GrantRefusals.notHeld, `You cannot grant ${capability}, which you do not hold`, {
        details: details(`${capability} is not held by the granter`),
      });
  }
};

/**
 * Throws the refusal for the first of `capabilities` that `granter` may not grant: 400 `capability_unknown` or
 * `reserved_capability`, 403 `capability_platform_only` or `capability_not_held`; `field` names the input.
 */
export function assertGrantable(granter: Granter, capabilities: readonly string[], field: string): void {
  const refused = firstRefusedGrant(granter, capabilities);
  if (refused !== null) throw refusalError(refused.reason, refused.capability, field);
}
