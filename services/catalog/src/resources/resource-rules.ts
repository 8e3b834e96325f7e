import type { Principal } from '@symbia/auth';
import { badRequest, conflict, ErrorCodes, forbidden, notFound } from '@symbia/kit/errors';
import { canCreatePlatformRow, canExpose, type AccessPolicy, type PolicyAction } from '../access/access-policy.js';
import { CatalogErrorCodes } from '../errors.js';

/** Checks shared by create, upsert and update (catalog.md §6.3, §8.3 and W4). */

export const resourceNotFound = () => notFound('Resource not found');
export const keyInUse = () => conflict('A resource with this key already exists', CatalogErrorCodes.keyInUse);
export const adminRequired = (message: string) => forbidden(message, ErrorCodes.adminRequired);

/** catalog.md §8.3 error sentences, one per action. */
export const deniedMessages: Record<PolicyAction, string> = {
  read: 'Access denied',
  write: "You don't have permission to edit this resource",
  publish: "You don't have permission to publish this resource",
  sign: "You don't have permission to sign this resource",
  certify: "You don't have permission to certify this resource",
  delete: "You don't have permission to delete this resource",
};

/**
 * Org members (not viewers) may create in their org; platform rows need a super admin or a service holding
 * `cap:registry.write` (catalog.md §8.3, DESIGN §6).
 */
export function assertMayCreate(principal: Principal, orgId: string | null): void {
  if (principal.isSuperAdmin) return;
  if (orgId !== null) {
    const membership = principal.orgs.find((o) => o.id === orgId);
    // DESIGN §5: an org the caller does not belong to answers 404, never a hint that it exists.
    if (!membership) throw notFound('Organization not found');
    if (membership.role !== 'member' && membership.role !== 'admin')
      throw forbidden("You don't have permission to create resources");
    return;
  }
  // DESIGN §6: a platform row is created only by super admins and services holding the registry right.
  if (!canCreatePlatformRow(principal)) throw forbidden("You don't have permission to create resources");
}

export function assertPolicyFits(policy: AccessPolicy, orgId: string | null): void {
  if (policy.visibility === 'org' && orgId === null) {
    throw badRequest(
      'An org-visibility policy needs an orgId',
      [{ field: 'body.accessPolicy.visibility', message: 'org visibility requires orgId' }],
      CatalogErrorCodes.invalidAccessPolicy,
    );
  }
}

/**
 * The bootstrap set is platform-wide (catalog.md §12), so only platform rows may join it; choosing a policy
 * or joining the set on creation is an exposure decision (canExpose).
 */
export function assertMayExposeNew(
  principal: Principal,
  orgId: string | null,
  input: { accessPolicy?: AccessPolicy; isBootstrap?: boolean },
): void {
  if (input.isBootstrap && orgId !== null) {
    throw badRequest('Only platform resources (no orgId) can be part of the bootstrap set', [
      { field: 'body.isBootstrap', message: 'requires a platform resource (orgId null)' },
    ]);
  }
  if ((input.accessPolicy || input.isBootstrap) && !canExpose(principal, orgId)) {
    throw adminRequired(
      'Only administrators or registry publishers may choose the access policy or bootstrap membership of a new resource',
    );
  }
}
