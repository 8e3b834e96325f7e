import { principalOf, requestedOrgIdOf, type Principal } from '@symbia/auth';
import type { FastifyRequest } from 'fastify';
import { actorOf, type Actor } from '../conversations/actor.js';
import { impersonate } from '../conversations/impersonation.js';
import type { SenderContext } from '../messages/message.service.js';
import type { MessageCursor } from '../messages/message.store.js';

const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * The acting participant, after the W4 impersonation rules. Every use of `X-As-User-Id` is audited in the
 * service log (who acted as whom, on which route), refused attempts included; ids only.
 */
export function actorFrom(request: FastifyRequest): Actor {
  const caller = principalOf(request);
  const asUserId = header(request, 'x-as-user-id');
  if (asUserId === undefined) return actorOf(caller);
  const audit = {
    audit: 'impersonation',
    callerType: caller.type,
    callerId: caller.serviceId ?? caller.id,
    asUserId: asUserId.slice(0, 255),
    method: request.method,
    route: request.routeOptions.url,
  };
  let acting: Principal;
  try {
    acting = impersonate(caller, asUserId);
  } catch (error) {
    request.log.warn({ ...audit, outcome: 'refused' }, 'X-As-User-Id refused');
    throw error;
  }
  request.log.info({ ...audit, outcome: 'allowed', orgId: acting.orgId }, 'acting as a user (X-As-User-Id)');
  return actorOf(acting);
}

/**
 * The caller's own bearer JWT, forwarded only to the assistants webhook (§9.1, W6: bare, without `Bearer `).
 * API keys are never forwarded, and neither is anything under impersonation.
 */
export function senderContextOf(request: FastifyRequest): SenderContext {
  const principal = principalOf(request);
  const match = /^Bearer +(\S+)$/i.exec(header(request, 'authorization') ?? '');
  const usable = principal.via === 'jwt' && header(request, 'x-as-user-id') === undefined;
  return { bearerToken: usable && match?.[1] && !match[1].startsWith('sk_') ? match[1] : null };
}

/** `X-Org-Id` as a scope request (§6.3); it is checked against the principal's memberships, never trusted. */
export function orgIdFrom(request: FastifyRequest, explicit: string | null | undefined): string | null | undefined {
  return explicit !== undefined ? explicit : requestedOrgIdOf(request);
}

export function cursorOf(query: {
  beforeSequence?: number;
  afterSequence?: number;
  before?: string;
  after?: string;
}): MessageCursor {
  if (query.beforeSequence !== undefined) return { kind: 'beforeSequence', value: query.beforeSequence };
  if (query.afterSequence !== undefined) return { kind: 'afterSequence', value: query.afterSequence };
  if (query.before !== undefined) return { kind: 'before', value: new Date(query.before) };
  if (query.after !== undefined) return { kind: 'after', value: new Date(query.after) };
  return { kind: 'latest' };
}
