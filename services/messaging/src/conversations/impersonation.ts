import { freezePrincipalCopy } from './principal-copy.js';
import { AuthErrorCodes, type Principal } from '@symbia/auth';
import { badRequest, forbidden } from '@symbia/kit/errors';
import { inferParticipantType } from './actor.js';

export const IMPERSONATE_CAPABILITY = 'cap:impersonate';
const participantId = /^[A-Za-z0-9._:@-]{1,255}$/;

/**
 * DESIGN §6: only a service principal (a service JWT from identity) that holds `cap:impersonate` itself may act
 * as a user. Users never may, super admins included (`hasEntitlement` would let them through, so it is not used),
 * and neither may agents or API keys; the header alone grants nothing.
 */
export const mayImpersonate = (caller: Principal): boolean =>
  caller.type === 'service' && caller.via === 'jwt' && caller.entitlements.includes(IMPERSONATE_CAPABILITY);

/**
 * W4 / DESIGN §6: `X-As-User-Id` is honoured only for a service principal holding `cap:impersonate`, and the
 * acting principal is confined to the caller's active org with no entitlements of its own, so impersonation can
 * neither cross tenants nor borrow the caller's capabilities.
 */
export function impersonate(caller: Principal, asUserId: string | undefined): Principal {
  if (asUserId === undefined) return caller;
  if (!mayImpersonate(caller)) {
    throw forbidden(
      'X-As-User-Id is honoured only for platform services holding cap:impersonate',
      AuthErrorCodes.impersonationNotAllowed,
    );
  }
  if (!participantId.test(asUserId)) {
    throw badRequest('Invalid X-As-User-Id header', [
      { field: 'headers.x-as-user-id', message: 'must be a principal id' },
    ]);
  }
  const type = inferParticipantType(asUserId);
  return freezePrincipalCopy({
    type,
    id: asUserId,
    ...(type === 'agent' && { agentId: asUserId }),
    orgId: caller.orgId,
    orgs: caller.orgId === null ? [] : [{ id: caller.orgId, role: 'member' }],
    entitlements: [],
    roles: [],
    isSuperAdmin: false,
    sessionId: caller.sessionId,
    via: caller.via,
  });
}
