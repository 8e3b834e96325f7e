import { AuthErrorCodes, isOrgMember, principalOf, requestedOrgIdOf } from '@symbia/auth';
import { forbidden } from '@symbia/kit/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { IntegrationsErrorCodes } from '../errors.js';
import type { Caller } from '../gateway/caller.js';

/**
 * Public execute (spec §4, W4): a user or agent; the org is `X-Org-Id` when it names one of the principal's
 * orgs (checked here, never trusted on its own), else the org the token was issued for.
 */
export function userCallerOf(request: FastifyRequest): Caller {
  const principal = principalOf(request);
  if (principal.type === 'service') {
    throw forbidden(
      'Platform services call POST /api/internal/execute, which uses the platform keys',
      IntegrationsErrorCodes.servicesUseInternal,
    );
  }
  const requested = requestedOrgIdOf(request);
  if (requested !== undefined && !isOrgMember(principal, requested))
    throw forbidden('Not a member of this organization', AuthErrorCodes.notOrgMember);
  return { type: principal.type, id: principal.id, orgId: requested ?? principal.orgId };
}

/**
 * Internal execute: an allow-listed service principal (the guard checked it). A service may say which org a call
 * is for with `X-Org-Id`; that only scopes its rate limit and usage record, it unlocks no key.
 */
export function serviceCallerOf(request: FastifyRequest): Caller {
  const principal = principalOf(request);
  return { type: 'service', id: principal.serviceId ?? principal.id, orgId: requestedOrgIdOf(request) ?? null };
}

/** Aborts when the client goes away before the response finished, so the upstream request is cancelled too. */
export function clientAbortSignal(reply: FastifyReply): AbortSignal {
  const controller = new AbortController();
  reply.raw.once('close', () => {
    if (!reply.raw.writableFinished) controller.abort();
  });
  return controller.signal;
}
