import { badRequest, forbidden, unauthorized } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';
import { hasAnyEntitlement, isOrgMember, type Principal, type PrincipalType } from '../principal.js';
import { authenticate } from './auth-plugin.js';
import { AuthErrorCodes } from './error-codes.js';
import { principalGuard, type AuthGuard } from './principal-guard.js';

export { principalGuard, type AuthGuard } from './principal-guard.js';

async function requirePrincipal(request: FastifyRequest): Promise<Principal> {
  const principal = await authenticate(request);
  if (principal === null) throw unauthorized();
  return principal;
}

/** 401 unless a valid credential was presented. */
export const requireAuth: AuthGuard = principalGuard(async (request) => {
  await requirePrincipal(request);
});

/** Anonymous callers pass with `request.principal === null`; a presented but invalid credential is still a 401. */
export const optionalAuth: AuthGuard = async (request) => {
  await authenticate(request);
};

/** Any one of `entitlements` (super admins hold all); 403 otherwise. */
export function requireEntitlement(...entitlements: string[]): AuthGuard {
  if (entitlements.length === 0) throw new TypeError('requireEntitlement needs at least one entitlement');
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    if (!hasAnyEntitlement(principal, entitlements)) {
      throw forbidden(`Missing entitlement: requires one of ${entitlements.join(', ')}`);
    }
  });
}

/**
 * The caller must belong to the org the request targets (super admins pass). `getOrgId` usually reads a
 * route param; a scope header like `X-Org-Id` is fine too, because it is checked against the principal's
 * memberships here and never trusted on its own (libraries.md §1.4). No org id at all is a 400.
 */
export function requireOrgMember<R extends FastifyRequest = FastifyRequest>(
  getOrgId: (request: R) => string | undefined,
): AuthGuard {
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    const orgId = getOrgId(request as R);
    if (orgId === undefined || orgId.length === 0)
      throw badRequest('An organization id is required', undefined, 'org_required');
    if (!isOrgMember(principal, orgId))
      throw forbidden('Not a member of this organization', AuthErrorCodes.notOrgMember);
  });
}

/** Only service principals (service JWTs from identity), optionally only the listed service ids; 403 otherwise. */
export function requireService(...serviceIds: string[]): AuthGuard {
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    if (principal.type !== 'service') throw forbidden('Only platform services may call this endpoint');
    if (serviceIds.length > 0 && (principal.serviceId === undefined || !serviceIds.includes(principal.serviceId))) {
      throw forbidden('This service may not call this endpoint');
    }
  });
}

export function requirePrincipalType(...types: PrincipalType[]): AuthGuard {
  if (types.length === 0) throw new TypeError('requirePrincipalType needs at least one type');
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    if (!types.includes(principal.type)) throw forbidden(`This endpoint is for ${types.join(' or ')} principals only`);
  });
}

/** Users only: agents and services get 403 `users_only` (identity W17). */
export const requireUser: AuthGuard = principalGuard(async (request) => {
  if ((await requirePrincipal(request)).type !== 'user')
    throw forbidden('This endpoint is for users only', AuthErrorCodes.usersOnly);
});

/** Agents only: users and services get 403 `agents_only`. */
export const requireAgent: AuthGuard = principalGuard(async (request) => {
  if ((await requirePrincipal(request)).type !== 'agent')
    throw forbidden('This endpoint is for agents only', AuthErrorCodes.agentsOnly);
});

/**
 * Only service principals (service JWTs from identity) whose token carries `capability` itself; users, agents and
 * super admins never pass (identity W1, DESIGN §6). 403 `capability_required` otherwise.
 */
export function requireServiceCapability(capability: string): AuthGuard {
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    if (principal.type !== 'service' || !principal.entitlements.includes(capability)) {
      throw forbidden('Service access denied', AuthErrorCodes.capabilityRequired);
    }
  });
}

export interface SuperAdminGuardOptions {
  /** Whether the user is a super admin now: read from identity's database, not the token, so a demotion acts at once. */
  isSuperAdmin: (userId: string) => Promise<boolean>;
  /** Service principals pass too (identity W21: internal statistics). Default false. */
  allowServices?: boolean;
}

/**
 * Super admins only, asked of `isSuperAdmin` rather than the token's `sa` claim. Without `allowServices`, agents and
 * services get 403 `users_only` first; otherwise a non-super-admin gets 403 `superadmin_required`.
 */
export function requireSuperAdmin(options: SuperAdminGuardOptions): AuthGuard {
  const { isSuperAdmin, allowServices = false } = options;
  return principalGuard(async (request) => {
    const principal = await requirePrincipal(request);
    if (allowServices) {
      if (principal.type === 'service') return;
      if (principal.type !== 'user' || !(await isSuperAdmin(principal.id))) {
        throw forbidden('Super admin or service access required', AuthErrorCodes.superAdminRequired);
      }
      return;
    }
    if (principal.type !== 'user') throw forbidden('This endpoint is for users only', AuthErrorCodes.usersOnly);
    if (!(await isSuperAdmin(principal.id)))
      throw forbidden('Super admin access required', AuthErrorCodes.superAdminRequired);
  });
}
