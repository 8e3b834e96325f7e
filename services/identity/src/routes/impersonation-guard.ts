import { forbidden } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';
import { AuthErrorCodes } from '@symbia/auth';

/**
 * DESIGN §6 lets service principals holding cap:impersonate act for a user in the services they call; identity
 * mints that capability (service-token.service.ts) but none of its own routes needs impersonation, so it honours
 * X-As-User-Id for nobody. The header is refused rather than ignored: a caller relying on it must not be
 * answered as itself by mistake.
 */
export const refuseImpersonation = async (request: FastifyRequest): Promise<void> => {
  if (request.headers['x-as-user-id'] !== undefined && request.url.startsWith('/api/')) {
    throw forbidden(
      "X-As-User-Id is not honoured by identity; call with the user's own credentials",
      AuthErrorCodes.impersonationNotAllowed,
    );
  }
};
