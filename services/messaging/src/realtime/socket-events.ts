import type { FixedWindowLimiter } from '@symbia/kit';
import { isAppError } from '@symbia/kit/errors';
import { onSocketEvent } from '@symbia/kit/socket';
import type { Socket } from 'socket.io';
import { z } from 'zod';
import { MessagingErrorCodes } from '../errors.js';
import { describeIssues } from './socket-payloads.js';

export type AckResponse = { success: true; [key: string]: unknown } | { success: false; error: string; code: string };

export interface EventLogger {
  error(obj: object, msg: string): void;
}

/** Thrown by handlers for a refusal the client should read as is. */
export class SocketRefusal extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

/** §7.1 wording: not taking part and not existing read the same, so a socket cannot probe ids. */
const hiddenCodes: ReadonlySet<string> = new Set([
  MessagingErrorCodes.notAParticipant,
  MessagingErrorCodes.conversationNotFound,
]);

function failureOf(error: unknown, fallback: string, logger: EventLogger, event: string): AckResponse {
  if (error instanceof z.ZodError) return { success: false, error: describeIssues(error), code: 'validation_failed' };
  if (error instanceof SocketRefusal) return { success: false, error: error.message, code: error.code };
  if (isAppError(error) && error.status < 500) {
    return hiddenCodes.has(error.code)
      ? { success: false, error: 'Not a participant', code: MessagingErrorCodes.notAParticipant }
      : { success: false, error: error.message, code: error.code };
  }
  logger.error({ err: error, event }, 'socket event failed');
  return { success: false, error: fallback, code: 'internal_error' };
}

/**
 * Registers one client event: rate-limited per socket (W14), payload parsed by the handler's schema, the
 * domain call's result or refusal sent to the ack when the client gave one. Nothing a client sends can
 * throw out of here, so a malformed payload never crashes the process or leaves an ack hanging.
 */
export function onEvent(
  socket: Socket,
  deps: { limiter: FixedWindowLimiter; logger: EventLogger },
  event: string,
  fallback: string,
  handler: (payload: unknown) => Promise<Record<string, unknown> | void>,
): void {
  onSocketEvent<AckResponse>(socket, event, {
    limiter: deps.limiter,
    rateLimited: { success: false, error: 'Too many events; slow down', code: 'rate_limited' },
    handle: async (payload) => ({ success: true, ...(await handler(payload)) }),
    failure: (error) => failureOf(error, fallback, deps.logger, event),
  });
}
