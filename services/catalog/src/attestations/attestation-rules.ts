import type { Principal } from '@symbia/auth';
import { badRequest, conflict, forbidden } from '@symbia/kit/errors';
import { can, canAdminister, type PolicyAction } from '../access/access-policy.js';
import { CatalogErrorCodes } from '../errors.js';
import type { ResourceRow } from '../resources/resource.store.js';
import type { VersionRow, VersionStore } from '../versions/version.store.js';

/**
 * Signatures and certifications attest to one immutable version (catalog.md §5): the one named, else the
 * latest. A resource never published has nothing to attest to yet.
 */
export async function attestedVersion(
  versions: VersionStore,
  resourceId: string,
  requested: number | undefined,
): Promise<VersionRow> {
  if (requested !== undefined) {
    const found = await versions.find(resourceId, requested);
    if (!found)
      throw badRequest(`Version ${requested} of this resource does not exist`, [
        { field: 'body.version', message: 'is not a published version of this resource' },
      ]);
    return found;
  }
  const latest = await versions.latest(resourceId);
  if (!latest) throw conflict('Publish the resource before signing or certifying it', CatalogErrorCodes.notPublished);
  return latest;
}

/**
 * Withdrawing an attestation: its author while they still hold the right, or an administrator of the
 * resource (a super admin, a platform admin, or the org's admin).
 */
export function assertMayWithdraw(
  principal: Principal,
  row: ResourceRow,
  authorId: string,
  action: Extract<PolicyAction, 'sign' | 'certify'>,
): void {
  const ownAndEntitled = authorId === principal.id && can(principal, row, action);
  if (!ownAndEntitled && !canAdminister(principal, row.orgId)) {
    throw forbidden(
      action === 'sign'
        ? 'Only the signer or an administrator may withdraw this signature'
        : 'Only the certifier or an administrator may withdraw this certification',
    );
  }
}

/** How an attestation names its author for people reading it. */
export const displayName = (principal: Principal): string | null =>
  principal.name ?? principal.email ?? principal.agentId ?? principal.serviceId ?? null;
