import { authenticate, holdsCapability, principalGuard, type AuthGuard, type Principal } from '@symbia/auth';
import { AppError, ErrorCodes, unauthorized } from '@symbia/kit/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { setErrorEnvelope } from '@symbia/kit';

/** 403 naming the capability, as network.md §12.2 answers: `requiredPermission` beside the platform's fields. */
export function permissionDenied(permission: string): AppError {
  return new AppError(403, ErrorCodes.insufficientPermissions, `Required permission: ${permission}`, {
    details: { requiredPermission: permission },
  });
}

/** The principal a guard resolved (401 `authentication_required` without one; an invalid one is `invalid_token`). */
export async function principalFrom(request: Parameters<AuthGuard>[0]): Promise<Principal> {
  const principal = await authenticate(request);
  if (principal === null) throw unauthorized('Authorization header required');
  return principal;
}

/**
 * §12.2 check order: 401 without a credential or with an invalid one, then the capability: super admins hold every
 * one; users, agents (network W8: no blanket agent pass) and services need it in their entitlements.
 */
export function requirePermission(permission: string): AuthGuard {
  return principalGuard(async (request) => {
    const principal = await principalFrom(request);
    if (!holdsCapability(principal, permission)) throw permissionDenied(permission);
  });
}

/** Lifts `requiredPermission` to the top of network's error bodies (§12.2), inside the group `scope` encloses. */
export function useNetworkErrorEnvelope(scope: FastifyInstance): void {
  setErrorEnvelope(scope, {
    fields(error: FastifyError) {
      const details = (error as Partial<AppError>).details as { requiredPermission?: unknown } | undefined;
      return typeof details?.requiredPermission === 'string' ? { requiredPermission: details.requiredPermission } : {};
    },
  });
}
