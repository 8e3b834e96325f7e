import { authenticate, principalOf, readCookie as readCookieHeader, type Principal } from '@symbia/auth';
import { forbidden, unauthorized } from '@symbia/kit/errors';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuditActor } from '../audit/audit-log.js';
import { IdentityErrorCodes } from '../errors.js';
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


async function requirePrincipal(request: FastifyRequest): Promise<Principal> {
  const principal = await authenticate(request);
  if (!principal) throw unauthorized();
  return principal;
}

/** W17: agent (and service) tokens on user-only routes get a clean 403. */
export const requireUser = async (request: FastifyRequest): Promise<void> => {
  if ((await requirePrincipal(request)).type !== 'user') throw forbidden('This endpoint is for users only', IdentityErrorCodes.usersOnly);
};

export const requireAgent = async (request: FastifyRequest): Promise<void> => {
  if ((await requirePrincipal(request)).type !== 'agent') throw forbidden('This endpoint is for agents only', IdentityErrorCodes.agentsOnly);
};

/**
 * Internal endpoints: only service principals (service JWTs from POST /api/auth/service-token) holding
 * `capability`. Users, agents and bare X-Service-Id headers never pass (W1, DESIGN §6).
 */
export function requireServiceCapability(capability: string) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = await requirePrincipal(request);
    if (principal.type !== 'service' || !principal.entitlements.includes(capability)) {
      throw forbidden('Service access denied', IdentityErrorCodes.serviceCapabilityRequired);
    }
  };
}

export const requireAnyPrincipal = async (request: FastifyRequest): Promise<void> => {
  await requirePrincipal(request);
};

/** Super admin status is read from the database, not the token, so a demotion takes effect at once. */
export function superAdminGuard(users: UserStore) {
  return async (request: FastifyRequest): Promise<void> => {
    await requireUser(request);
    const user = await users.findById(principalOf(request).id);
    if (!user?.isSuperAdmin) throw forbidden('Super admin access required', IdentityErrorCodes.superAdminRequired);
  };
}

/** W21: internal statistics answer service principals and super admins (read from the database), nobody else. */
export function serviceOrSuperAdminGuard(users: UserStore) {
  return async (request: FastifyRequest): Promise<void> => {
    const principal = await requirePrincipal(request);
    if (principal.type === 'service') return;
    if (principal.type !== 'user' || !(await users.findById(principal.id))?.isSuperAdmin) {
      throw forbidden('Super admin or service access required', IdentityErrorCodes.superAdminRequired);
    }
  };
}

export const ACCESS_COOKIE = 'token';
export const REFRESH_COOKIE = 'symbia_refresh';
// The refresh cookie is only ever sent to the refresh and logout endpoints.
const REFRESH_COOKIE_PATH = '/api/auth';

function cookie(name: string, value: string, options: { maxAge: number; path: string; secure: boolean; sameSite: 'Lax' | 'Strict' }): string {
  return `${name}=${value}; Path=${options.path}; Max-Age=${options.maxAge}; HttpOnly; SameSite=${options.sameSite}${options.secure ? '; Secure' : ''}`;
}

export function setSessionCookies(reply: FastifyReply, tokens: SessionTokens, secure: boolean): void {
  const now = Date.now();
  reply.header('set-cookie', [
    cookie(ACCESS_COOKIE, tokens.accessToken, { maxAge: Math.max(0, Math.floor((tokens.accessTokenExpiresAt.getTime() - now) / 1000)), path: '/', secure, sameSite: 'Lax' }),
    cookie(REFRESH_COOKIE, tokens.refreshToken, { maxAge: Math.max(0, Math.floor((tokens.refreshTokenExpiresAt.getTime() - now) / 1000)), path: REFRESH_COOKIE_PATH, secure, sameSite: 'Strict' }),
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
