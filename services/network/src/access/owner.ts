import type { Principal } from '@symbia/auth';
import type { NodeOwner } from '../domain/types.js';

/**
 * The owner key of the nodes a principal registers (network W1): `service:<serviceId>`, `agent:<agentId>` or
 * `user:<id>`. Only the same principal may heartbeat, re-register or unregister them, over any socket or REST.
 */
export function ownerOf(principal: Principal): NodeOwner {
  const id =
    principal.type === 'service'
      ? (principal.serviceId ?? principal.id)
      : principal.type === 'agent'
        ? (principal.agentId ?? principal.id)
        : principal.id;
  const key = `${principal.type}:${id}`;
  // §12.4: platform services own platform nodes (no org); everyone else acts in the org of the credential.
  return principal.type === 'service' || principal.orgId === null ? { key } : { key, orgId: principal.orgId };
}
