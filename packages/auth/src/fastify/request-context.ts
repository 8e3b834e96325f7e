import { badRequest, unauthorized } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';
import type { Principal } from '../principal.js';

/** The principal set by a guard that already ran; routes only call this behind one. */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw unauthorized();
  return request.principal;
}

const MAX_ORG_ID_CHARS = 255;

/**
 * `X-Org-Id` as a scope request: trimmed, absent when empty, 400 when too long. It is a request only: the caller
 * checks it against the principal's memberships, never trusts it.
 */
export function requestedOrgIdOf(request: FastifyRequest): string | undefined {
  const raw = request.headers['x-org-id'];
  const value = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (value === undefined || value === '') return undefined;
  if (value.length > MAX_ORG_ID_CHARS)
    throw badRequest('Invalid X-Org-Id header', [{ field: 'headers.x-org-id', message: 'is too long' }]);
  return value;
}
