import { SESSION_REVOKED_EVENT } from '@symbia/auth';

export interface PlatformEvent {
  type: string;
  data: Record<string, unknown>;
}

/** Delivery of platform events (the network service, once @symbia/relay exists). */
export type PublishFn = (event: PlatformEvent) => Promise<void>;

export interface EventLogger {
  info(obj: Record<string, unknown>, msg?: string): void;
  warn(obj: Record<string, unknown>, msg?: string): void;
}

export interface SessionEvents {
  /** Fire-and-forget: revocation is already committed in Postgres, the event only speeds up other verifiers. */
  sessionRevoked(sessionId: string): void;
}

export function createSessionEvents(deps: { publish?: PublishFn; logger: EventLogger; accessTokenTtlSeconds: number; clock?: () => number }): SessionEvents {
  const { publish, logger, accessTokenTtlSeconds, clock = Date.now } = deps;
  return {
    sessionRevoked(sessionId) {
      // Any access token of the session expires by now + TTL; verifiers forget the sid after that (DESIGN §6).
      const event = { type: SESSION_REVOKED_EVENT, data: { sid: sessionId, exp: Math.ceil(clock() / 1000) + accessTokenTtlSeconds } };
      if (!publish) {
        logger.info({ sid: sessionId }, 'session revoked (no network relay configured; event not published)');
        return;
      }
      publish(event).catch((err: unknown) => {
        logger.warn({ sid: sessionId, err: err instanceof Error ? err.message : String(err) }, 'could not publish identity.session.revoked');
      });
    },
  };
}
