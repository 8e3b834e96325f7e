import { principalOf, readCookie as readCookieHeader } from '@symbia/auth';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-log.js';
import type { SessionTokens } from '../sessions/session.service.js';
import type { UserStore } from '../users/user.store.js';
import { clientAddressOf } from './client-address.js';

export { principalOf };

/** W3: the socket peer, or the address a proxy named in TRUSTED_PROXIES forwarded (client-address.ts). */
export const clientIp = (request: FastifyRequest): string => clientAddressOf(request);

export function actorOf(request: FastifyRequest): AuditActor {
  const p = request.principal;
  return p ? { type: p.type, id: p.id, ip: clientIp(request) } : { type: 'anonymous', ip: clientIp(request) };
}

/**
 * Whether a user is a super admin now, read from the database rather than the token so a demotion takes effect at
 * once: the lookup `@symbia/auth`'s requireSuperAdmin asks.
 */
export const superAdminLookup =
  (users: UserStore) =>
  async (userId: string): Promise<boolean> =>
    (await users.findById(userId))?.isSuperAdmin === true;

export const ACCESS_COOKIE = 'token';
export const REFRESH_COOKIE = 'symbia_refresh';
// The refresh cookie is only ever sent to the refresh and logout endpoints.
const REFRESH_COOKIE_PATH = '/api/auth';

function cookie(
  name: string,
  value: string,
  options: { maxAge: number; path: string; secure: boolean; sameSite: 'Lax' | 'Strict' },
): string {
  return `${name}=${value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=${options.sameSite}${options.secure ? '; Secure' : ''}`;
}

export function setSessionCookies(reply: FastifyReply, tokens: SessionTokens, secure: boolean): void {
  const now = Date.now();
  reply.header('set-cookie', [
    cookie(ACCESS_COOKIE, tokens.accessToken, {
      maxAge: Math.max(0, Math.floor((tokens.accessTokenExpiresAt.getTime() - now) / 1000)),
      path: '/',
      secure,
      sameSite: 'Lax',
    }),
    cookie(REFRESH_COOKIE, tokens.refreshToken, {
      maxAge: Math.max(0, Math.floor((tokens.refreshTokenExpiresAt.getTime() - now) / 1000)),
      path: REFRESH_COOKIE_PATH,
      secure,
      sameSite: 'Strict',
    }),
  ]);
}

export function clearSessionCookies(reply: FastifyReply, secure: boolean): void {
  reply.header('set-cookie', [
    cookie(ACCESS_COOKIE, '', { maxAge: 0, path: '/', secure, sameSite: 'Lax' }),
    cookie(REFRESH_COOKIE, '', { maxAge: 0, path: REFRESH_COOKIE_PATH, secure, sameSite: 'Strict' }),
  ]);
}

/** A malformed, over-long or unstorable cookie value reads as absent (`@symbia/auth`'s readCookie), never a 500. */
export function readCookie(request: FastifyRequest, name: string): string | undefined {
  return readCookieHeader(request.headers.cookie, name);
}

export const tokenBody = (tokens: SessionTokens) => ({
  token: tokens.accessToken,
  expiresAt: tokens.accessTokenExpiresAt.toISOString(),
  refreshToken: tokens.refreshToken,
  refreshTokenExpiresAt: tokens.refreshTokenExpiresAt.toISOString(),
});
