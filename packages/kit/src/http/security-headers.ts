import type { FastifyInstance } from 'fastify';

/** Baseline headers for a JSON API; the HTML docs page loosens CSP for itself only. */
export function registerSecurityHeaders(app: FastifyInstance, options: { production: boolean }): void {
  const headers: Record<string, string> = {
    'x-content-type-options': 'nosniff',
    'x-frame-options': 'DENY',
    'referrer-policy': 'no-referrer',
    'content-security-policy': "default-src 'none'; frame-ancestors 'none'",
  };
  if (options.production) headers['strict-transport-security'] = 'max-age=31536000; includeSubDomains';
  app.addHook('onRequest', (_request, reply, done) => {
    reply.headers(headers);
    done();
  });
}
