import type { FixedWindowLimiter } from '@symbia/kit';
import { isAppError } from '@symbia/kit/errors';
import { onSocketEvent } from '@symbia/kit/socket';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { isNetworkDomainError } from '../domain/errors.js';

/**
 * A socket event's answer (network.md §14.1): `{ ok: true, … }` or `{ ok: false, error, code }`. For the auth
 * refusals `error` is the code itself (`authentication_required`, `insufficient_permissions` with
 * `requiredPermission`); the agent refusals keep the spec's sentences; validation names the fields in `message`.
 */
export type AckFailure = {
  ok: false;
  error: string;
  code: string;
  message?: string;
  requiredPermission?: string;
};
export type AckResponse = ({ ok: true } & Record<string, unknown>) | AckFailure | Record<string, unknown>;

export interface EventLogger {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

/** Thrown by handlers for a refusal the client reads as is. */
export class SocketRefusal extends Error {
  constructor(
    readonly error: string,
    readonly code: string,
    readonly extra: { message?: string; requiredPermission?: string } = {},
  ) {
    super(extra.message ?? error);
  }
}

export const refusals = {
  authenticationRequired: () =>
    new SocketRefusal('authentication_required', 'authentication_required', {
      message: 'This socket presented no credential at the handshake',
    }),
  insufficientPermissions: (permission: string) =>
    new SocketRefusal('insufficient_permissions', 'insufficient_permissions', {
      message: `Required permission: ${permission}`,
      requiredPermission: permission,
    }),
  nodeNotOwned: () =>
    new SocketRefusal('node_not_owned', 'node_not_owned', {
      message: 'This node was not registered by this principal',
    }),
};

function describeIssues(error: z.ZodError): string {
  const fields = [...new Set(error.issues.map((i) => (i.path.length > 0 ? i.path.join('.') : 'payload')))];
  return `Invalid payload: ${fields.join(', ')}`;
}

function failureOf(error: unknown, logger: EventLogger, event: string): AckFailure {
  if (error instanceof SocketRefusal) return { ok: false, error: error.error, code: error.code, ...error.extra };
  if (error instanceof z.ZodError)
    return { ok: false, error: 'validation_failed', code: 'validation_failed', message: describeIssues(error) };
  if (isNetworkDomainError(error)) return { ok: false, error: error.code, code: error.code, message: error.message };
  if (isAppError(error) && error.status < 500)
    return { ok: false, error: error.code, code: error.code, message: error.message };
  logger.error({ err: error, event }, 'socket event failed');
  return { ok: false, error: 'internal_error', code: 'internal_error' };
}

/**
 * Registers one client event: rate-limited per socket (network W19), the handler parses its payload, and its result
 * or refusal goes to the ack when the client gave one; without one the server acts silently (§14). Nothing a client
 * sends can throw out of here.
 */
export function onEvent(
  socket: Socket,
  deps: { limiter: FixedWindowLimiter; logger: EventLogger },
  event: string,
  handler: (payload: unknown) => Promise<AckResponse | void> | AckResponse | void,
): void {
  onSocketEvent<AckResponse>(socket, event, {
    limiter: deps.limiter,
    rateLimited: { ok: false, error: 'rate_limited', code: 'rate_limited', message: 'Too many events; slow down' },
    handle: async (payload) => (await handler(payload)) ?? { ok: true },
    failure: (error) => failureOf(error, deps.logger, event),
  });
}
