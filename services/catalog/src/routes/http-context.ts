import type { Principal } from '@symbia/auth';
import { unauthorized } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';

/** The principal set by a guard that already ran; routes only call this behind requireAuth. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}
