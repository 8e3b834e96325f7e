import type { FastifyReply, FastifyRequest } from 'fastify';

export interface CorsOptions {
  /** Exact origins, or `*.example.com` for any subdomain. `*` alone is refused (never wildcard + credentials). */
  allowedOrigins: readonly string[];
  production: boolean;
  /** Outside production, http(s)://localhost and 127.0.0.1 on any port are allowed (default true). */
  allowLocalhost?: boolean;
  /** Paths readable from anywhere without credentials (docs). */
  publicPathPrefixes?: readonly string[];
}

const allowMethods = 'GET, POST, PUT, PATCH, DELETE, OPTIONS';
const allowHeaders = [
  'Content-Type',
  'Authorization',
  'X-API-Key',
  'X-Org-Id',
  'X-Service-Id',
  'X-Env',
  'X-Environment',
  'X-Data-Class',
  'X-Policy-Ref',
  'X-Request-Id',
  'X-Trace-Id',
  'traceparent',
  'Last-Event-ID',
].join(', ');
const exposeHeaders = 'X-Request-Id, X-Trace-Id, Retry-After';
const localhostPattern = /^https?:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

function originMatches(origin: string, pattern: string): boolean {
  if (pattern === origin) return true;
  if (!pattern.startsWith('*.')) return false;
  let hostname: string;
  try {
    hostname = new URL(origin).hostname;
  } catch {
    return false;
  }
  const suffix = pattern.slice(1);
  return hostname.endsWith(suffix) && hostname.length > suffix.length;
}

export function createOriginPolicy(options: CorsOptions): (origin: string) => boolean {
  const patterns = options.allowedOrigins.filter((pattern) => pattern !== '*');
  const allowLocalhost = !options.production && (options.allowLocalhost ?? true);
  return (origin) =>
    (allowLocalhost && localhostPattern.test(origin)) || patterns.some((p) => originMatches(origin, p));
}

export interface CorsHandlers {
  /** Adds the CORS headers of an actual (not preflight) request; the kit calls it for every request. */
  decorate(request: FastifyRequest, reply: FastifyReply): void;
  /** Answers a preflight: 204 with what may be sent, or 403 for an origin that may not. */
  answerPreflight(request: FastifyRequest, reply: FastifyReply): void;
}

export const isPreflight = (request: FastifyRequest): boolean =>
  request.method === 'OPTIONS' &&
  request.headers.origin !== undefined &&
  request.headers['access-control-request-method'] !== undefined;

/**
 * CORS by allow-list (libraries.md §1.7 and W6): no Origin → no CORS headers; an allowed origin is echoed with
 * credentials; public docs paths answer `*` without credentials; a refused preflight is a 403. Preflights are
 * answered by a route of their own (`OPTIONS *`), every other request gets its headers from `decorate`.
 */
export function createCorsHandlers(options: CorsOptions): CorsHandlers {
  const isAllowed = createOriginPolicy(options);
  const publicPrefixes = options.publicPathPrefixes ?? [];
  const isPublicPath = (url: string) => publicPrefixes.some((prefix) => url === prefix || url.startsWith(prefix));

  /** Sets the origin headers; false when the origin may not read the answer. */
  const allowOrigin = (origin: string, request: FastifyRequest, reply: FastifyReply, preflight: boolean): boolean => {
    reply.header('vary', 'Origin');
    if (isAllowed(origin)) {
      reply.header('access-control-allow-origin', origin);
      reply.header('access-control-allow-credentials', 'true');
      reply.header('access-control-expose-headers', exposeHeaders);
      return true;
    }
    if (isPublicPath(request.url) && (request.method === 'GET' || request.method === 'HEAD' || preflight)) {
      reply.header('access-control-allow-origin', '*');
      return true;
    }
    return false;
  };

  return {
    decorate(request, reply) {
      const origin = request.headers.origin;
      if (origin === undefined || isPreflight(request)) return;
      allowOrigin(origin, request, reply, false);
    },
    answerPreflight(request, reply) {
      if (!allowOrigin(request.headers.origin!, request, reply, true)) {
        reply
          .code(403)
          .send({ error: 'Origin not allowed by CORS', code: 'cors_origin_refused', requestId: request.id });
        return;
      }
      reply
        .header('access-control-allow-methods', allowMethods)
        .header('access-control-allow-headers', allowHeaders)
        .header('access-control-max-age', '86400')
        .code(204)
        .send();
    },
  };
}
