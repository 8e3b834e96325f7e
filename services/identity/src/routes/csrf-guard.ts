import { createOriginPolicy } from '@symbia/kit';
import { forbidden } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';
import { IdentityErrorCodes } from '../errors.js';
import { ACCESS_COOKIE, REFRESH_COOKIE, readCookie } from './http-context.js';

export interface CsrfGuardOptions {
  /** CORS_ALLOWED_ORIGINS plus identity's own and the website's origins. */
  allowedOrigins: readonly string[];
  production: boolean;
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

const originOf = (url: string): string | null => {
  try {
    const origin = new URL(url).origin;
    return origin === 'null' ? null : origin;
  } catch {
    return null;
  }
};

const hostOf = (origin: string): string | null => {
  try {
    return new URL(origin).host;
  } catch {
    return null;
  }
};

/**
 * W20: a browser attaches identity's cookies to any site's form or fetch, so a state-changing request that
 * authenticates by cookie must prove where it comes from. Origin (else Referer) must be identity itself or an
 * allowed origin (the CORS allow-list, the website, identity's public URL; outside production also localhost).
 * Requests carrying Authorization or X-API-Key are left alone: a cross-site page cannot set those headers
 * without a CORS preflight, which only allowed origins pass. No Origin and no Referer is refused, so a
 * cookie-only client must send one (browsers always do for these methods) or use a bearer token.
 */
export function createCsrfGuard(options: CsrfGuardOptions): (request: FastifyRequest) => Promise<void> {
  const isAllowed = createOriginPolicy({ allowedOrigins: options.allowedOrigins, production: options.production });
  return async (request) => {
    if (SAFE_METHODS.has(request.method)) return;
    const headers = request.headers;
    if (headers.authorization !== undefined || headers['x-api-key'] !== undefined) return;
    if (!readCookie(request, ACCESS_COOKIE) && !readCookie(request, REFRESH_COOKIE)) return;
    const origin =
      typeof headers.origin === 'string'
        ? headers.origin
        : typeof headers.referer === 'string'
          ? originOf(headers.referer)
          : null;
    if (origin !== null && (isAllowed(origin) || (headers.host !== undefined && hostOf(origin) === headers.host)))
      return;
    throw forbidden(
      'Cross-site request refused: a cookie-authenticated write must come from an allowed origin (or use Authorization: Bearer)',
      IdentityErrorCodes.csrfOriginRefused,
    );
  };
}

/** The allow-list entries for identity's own public URL and the website, as origins. */
export const originsOf = (...urls: string[]): string[] => urls.map(originOf).filter((o): o is string => o !== null);
