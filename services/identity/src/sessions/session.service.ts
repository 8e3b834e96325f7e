import { uuidv7 } from '@symbia/kit';
import { forbidden, unauthorized } from '@symbia/kit/errors';
import type { AuditLog } from '../audit/audit-log.js';
import { randomToken, sha256Hex } from '../crypto/random.js';
import { IdentityErrorCodes } from '../errors.js';
import type { SessionEvents } from '../events/event-publisher.js';
import type { TokenIssuer } from '../tokens/token-issuer.js';
import type { SessionCache } from './session-cache.js';
import type { SessionStore } from './session.store.js';
import type { ClaimsFor, SessionSubject } from './subject-claims.js';

export interface SessionTokens {
  sessionId: string;
  accessToken: string;
  accessTokenExpiresAt: Date;
  refreshToken: string;
  refreshTokenExpiresAt: Date;
  subject: SessionSubject;
}

export interface SessionService {
  start(subject: SessionSubject, clientIp: string | null): Promise<SessionTokens>;
  /** Rotates the refresh token; presenting an already-used one revokes the whole session (reuse detection). */
  refresh(refreshToken: string, clientIp: string | null, expectedKind?: SessionSubject['kind']): Promise<SessionTokens>;
  isActive(sessionId: string): Promise<boolean>;
  revoke(sessionId: string, reason: string): Promise<void>;
  revokeAllOfUser(userId: string, reason: string, exceptSessionId?: string): Promise<void>;
  revokeAllOfAgent(agentId: string, reason: string): Promise<void>;
}

export interface SessionServiceDeps {
  store: SessionStore;
  /** Active sessions seen recently; every revocation below goes through `forget`. */
  cache: SessionCache;
  issuer: TokenIssuer;
  claimsFor: ClaimsFor;
  events: SessionEvents;
  audit: AuditLog;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  clock?: () => number;
}

// Opaque refresh tokens carry a prefix so scanners and humans can tell them from API keys and JWTs.
const REFRESH_PREFIX = 'rt_';
const invalidRefresh = () => unauthorized('Invalid or expired refresh token', IdentityErrorCodes.invalidRefreshToken);

export function createSessionService(deps: SessionServiceDeps): SessionService {
  const {
    store,
    cache,
    issuer,
    claimsFor,
    events,
    audit,
    accessTokenTtlSeconds,
    refreshTokenTtlSeconds,
    clock = Date.now,
  } = deps;

  const mint = async (
    sessionId: string,
    subject: SessionSubject,
    refreshToken: string,
    refreshExpiresAt: Date,
  ): Promise<SessionTokens> => {
    const access = await issuer.issue(await claimsFor(subject, sessionId), accessTokenTtlSeconds);
    return {
      sessionId,
      accessToken: access.token,
      accessTokenExpiresAt: access.expiresAt,
      refreshToken,
      refreshTokenExpiresAt: refreshExpiresAt,
      subject,
    };
  };

  const revokeIds = async (ids: string[]) => {
    for (const id of ids) cache.forget(id);
    await events.sessionsRevoked(ids);
  };

  return {
    async start(subject, clientIp) {
      const id = uuidv7();
      const refreshToken = REFRESH_PREFIX + randomToken();
      const expiresAt = new Date(clock() + refreshTokenTtlSeconds * 1000);
      // Claims first: a vanished subject must not leave a session row behind.
      const claims = await claimsFor(subject, id);
      await store.insert({
        id,
        userId: subject.kind === 'user' ? subject.id : null,
        agentId: subject.kind === 'agent' ? subject.id : null,
        refreshTokenHash: sha256Hex(refreshToken),
        clientIp,
        expiresAt,
      });
      const access = await issuer.issue(claims, accessTokenTtlSeconds);
      return {
        sessionId: id,
        accessToken: access.token,
        accessTokenExpiresAt: access.expiresAt,
        refreshToken,
        refreshTokenExpiresAt: expiresAt,
        subject,
      };
    },
    async refresh(refreshToken, clientIp, expectedKind) {
      if (!refreshToken.startsWith(REFRESH_PREFIX) || refreshToken.length > 200) throw invalidRefresh();
      const oldHash = sha256Hex(refreshToken);
      // /api/auth/user/refresh and /api/auth/agent/refresh refuse the other kind before anything rotates (W17).
      if (expectedKind) {
        const kind = await store.kindOfRefreshToken(oldHash);
        if (kind && kind !== expectedKind)
          throw forbidden(`This endpoint is for ${expectedKind}s only`, IdentityErrorCodes.wrongSessionKind);
      }
      const next = REFRESH_PREFIX + randomToken();
      const session = await store.rotate(oldHash, sha256Hex(next), new Date(clock()));
      if (!session) {
        const reusedSession = await store.findSessionOfUsedToken(oldHash);
        if (reusedSession) {
          // A stolen token and its rightful owner both hold copies; we cannot tell which is which, so both lose.
          if (await store.revoke(reusedSession, 'refresh_token_reuse')) await revokeIds([reusedSession]);
          await audit.record(
            { type: 'anonymous', ip: clientIp },
            { action: 'session.refresh_reuse_detected', resource: 'session', resourceId: reusedSession },
          );
          throw unauthorized(
            'Refresh token was already used; the session has been revoked',
            IdentityErrorCodes.refreshTokenReused,
          );
        }
        throw invalidRefresh();
      }
      const subject: SessionSubject = session.userId
        ? { kind: 'user', id: session.userId }
        : { kind: 'agent', id: session.agentId! };
      return mint(session.id, subject, next, session.expiresAt);
    },
    async isActive(sessionId) {
      if (cache.isFresh(sessionId)) return true;
      const active = await store.isActive(sessionId, new Date(clock()));
      if (active) cache.remember(sessionId);
      return active;
    },
    async revoke(sessionId, reason) {
      if (await store.revoke(sessionId, reason)) await revokeIds([sessionId]);
    },
    async revokeAllOfUser(userId, reason, exceptSessionId) {
      await revokeIds(await store.revokeAllOfUser(userId, reason, exceptSessionId));
    },
    async revokeAllOfAgent(agentId, reason) {
      await revokeIds(await store.revokeAllOfAgent(agentId, reason));
    },
  };
}
