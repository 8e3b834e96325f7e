import { SESSION_REVOKED_EVENT } from '@symbia/auth';
import type { RevocationRecorder } from '../revocations/revocation-recorder.js';

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
  /**
   * Records the revocations on identity's revocation feed (awaited: that is how every service learns of them
   * within a second, DESIGN §6), then hands them to the network relay when one is configured.
   */
  sessionsRevoked(sessionIds: readonly string[]): Promise<void>;
}

export function createSessionEvents(deps: {
  publish?: PublishFn;
  revocations?: RevocationRecorder;
  logger: EventLogger;
  accessTokenTtlSeconds: number;
  clock?: () => number;
}): SessionEvents {
  const { publish, revocations, logger, accessTokenTtlSeconds, clock = Date.now } = deps;
  const relay = (sessionId: string) => {
    // Any access token of the session expires by now + TTL; verifiers forget the sid after that (DESIGN §6).
    const event = {
      type: SESSION_REVOKED_EVENT,
      data: { sid: sessionId, exp: Math.ceil(clock() / 1000) + accessTokenTtlSeconds },
    };
    // Fire-and-forget: the revocation is committed in Postgres and on the feed; the event only adds a path.
    publish?.(event).catch((err: unknown) => {
      logger.warn(
        { sid: sessionId, err: err instanceof Error ? err.message : String(err) },
        'could not publish identity.session.revoked',
      );
    });
  };
  return {
    async sessionsRevoked(sessionIds) {
      if (sessionIds.length === 0) return;
      await revocations?.sessions(sessionIds);
      for (const id of sessionIds) relay(id);
    },
  };
}
