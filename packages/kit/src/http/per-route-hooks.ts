import type { FastifyInstance, FastifyReply, FastifyRequest, onResponseHookHandler, RouteOptions } from 'fastify';

export type RouteResponseHook = (request: FastifyRequest, reply: FastifyReply, routeUrl: string) => void;

/**
 * Runs `hook` after every response with the route template known up front. Reading `request.routeOptions`
 * on each request builds a fresh object; binding the template per route at registration keeps the
 * metrics/log path allocation-free. Unmatched requests report the route as `__unmatched__`.
 */
export function addRouteResponseHook(app: FastifyInstance, hook: RouteResponseHook, options: { skip?: (url: string) => boolean } = {}): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    if (options.skip?.(route.url)) return;
    const url = route.url;
    const bound: onResponseHookHandler = function (request, reply, done) {
      hook(request, reply, url);
      done();
    };
    const existing = route.onResponse;
    route.onResponse = existing === undefined ? [bound] : Array.isArray(existing) ? [...existing, bound] : [existing, bound];
  });
  app.addHook('onResponse', (request, reply, done) => {
    if (request.is404) hook(request, reply, '__unmatched__');
    done();
  });
}
