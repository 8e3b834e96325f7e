import { unauthorized } from '@symbia/kit/errors';
import type { IncomingHttpHeaders } from 'node:http';
import { readCookie } from './cookie-header.js';

/** Where the caller's credential came from; the first present source wins (libraries.md §1.6, identity W20). */
export type PresentedCredential =
  { source: 'bearer'; value: string } | { source: 'api_key'; value: string } | { source: 'cookie'; value: string };

// RFC 6750 §2.1 b64token.
const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

const malformed = (message: string) => unauthorized(message, 'invalid_authorization_header');

/**
 * Picks the credential in order `Authorization: Bearer` → `X-API-Key` → cookie. A malformed higher-priority
 * source is a 401, never a silent fall-through to a lower one. Scope headers (`X-Service-Id`, `X-Org-Id`,
 * `X-Forwarded-For`) are not read: they never authenticate (DESIGN §6).
 */
export function readCredential(headers: IncomingHttpHeaders, cookieName: string): PresentedCredential | null {
  const authorization = headers.authorization;
  if (authorization !== undefined) {
    if (authorization.trim().length === 0) throw malformed('Empty Authorization header');
    const scheme = authorization.trim().split(/\s+/, 1)[0] ?? '';
    if (scheme.toLowerCase() !== 'bearer')
      throw malformed('Unsupported Authorization scheme; use "Authorization: Bearer <token>"');
    const match = BEARER.exec(authorization);
    if (match?.[1] === undefined) throw malformed('Malformed bearer token');
    return { source: 'bearer', value: match[1] };
  }
  const apiKey = headers['x-api-key'];
  if (apiKey !== undefined) {
    // Node joins repeated X-API-Key headers with ", "; an array or a comma means two keys were sent.
    if (typeof apiKey !== 'string' || apiKey.trim().length === 0 || apiKey.includes(',')) {
      throw unauthorized('Malformed X-API-Key header', 'invalid_api_key');
    }
    return { source: 'api_key', value: apiKey.trim() };
  }
  const cookie = readCookie(headers.cookie, cookieName);
  // A cleared cookie (`token=`) after logout is no credential, not a bad one.
  if (cookie !== undefined && cookie.length > 0) return { source: 'cookie', value: cookie };
  return null;
}
