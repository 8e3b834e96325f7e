import { holdsCapability, type Principal } from '@symbia/auth';
import { everything, type Viewer } from '../domain/tenancy.js';
import { NetworkPermissions } from './permissions.js';

/**
 * Who looks at the views (network.md §12.4, network W10): super admins, platform services and holders of
 * `cap:network.admin` see every tenant; anyone else sees their orgs' nodes plus platform service nodes.
 */
export function viewerOf(principal: Principal): Viewer {
  if (principal.isSuperAdmin || principal.type === 'service' || holdsCapability(principal, NetworkPermissions.admin))
    return everything;
  return { orgIds: new Set(principal.orgs.map((org) => org.id)) };
}
