import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Called once per finished response with the route template (`__unmatched__` for 404s), never the raw URL, and
 * how long the response took in milliseconds (read once for all observers: each read is a clock call).
 */
export type ResponseObserver = (request: FastifyRequest, reply: FastifyReply, route: string, elapsedMs: number) => void;

export const UNMATCHED_ROUTE = '__unmatched__';

/**
 * Fastify reports every finished response to its log controller. Observing responses there (metrics, the
 * access line) instead of through `onResponse` hooks means a route without hooks of its own skips Fastify's
 * hook runner entirely. Fastify's own request lines stay off: the kit writes one line of its own.
 */
export class ResponseObservers extends LogController {
  private readonly observers: ResponseObserver[] = [];
  private readonly skipRoutes: ReadonlySet<string>;

  constructor(options: { skipRoutes?: readonly string[] } = {}) {
    // Lines logged through `request.log` carry the request id under the same name as the access line.
    super({ disableRequestLogging: true, requestIdLogLabel: 'requestId' });
    this.skipRoutes = new Set(options.skipRoutes ?? []);
  }

  add(observer: ResponseObserver): void {
    this.observers.push(observer);
  }

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (this.skipRoutes.has(route)) return;
    const elapsedMs = reply.elapsedTime;
    for (const observer of this.observers) observer(request, reply, route, elapsedMs);
  }
}
