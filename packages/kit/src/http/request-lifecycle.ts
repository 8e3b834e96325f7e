import { LogController, type FastifyReply, type FastifyRequest } from 'fastify';

/**
 * Called once per finished response with the route template (`__unmatched__` for 404s), never the raw URL, and
 * how long the response took in milliseconds (read once for all observers: each read is a clock call).
 */
export type ResponseObserver = (request: FastifyRequest, reply: FastifyReply, route: string, elapsedMs: number) => void;

export const UNMATCHED_ROUTE = '__unmatched__';

/**
 * Fastify reports the start of every routed request and every finished response to its log controller, directly,
 * with no hook runner around the call. The kit's per-request work rides on those two calls instead of `onRequest`
 * and `onResponse` hooks (each hook type in use costs every request a runner with its closures): the request
 * context at the start, metrics and the access line at the end. Fastify's own request lines stay off: the kit
 * writes one line of its own.
 */
export class RequestLifecycle extends LogController {
  private readonly observers: ResponseObserver[] = [];
  private readonly skipRoutes: ReadonlySet<string>;
  private onStart: (request: FastifyRequest, reply: FastifyReply) => void = () => undefined;

  constructor(options: { skipRoutes?: readonly string[] } = {}) {
    // Lines logged through `request.log` carry the request id under the same name as the access line.
    super({ disableRequestLogging: true, requestIdLogLabel: 'requestId' });
    this.skipRoutes = new Set(options.skipRoutes ?? []);
  }

  /** What runs first for every routed request, before any hook. */
  setRequestStart(onStart: (request: FastifyRequest, reply: FastifyReply) => void): void {
    this.onStart = onStart;
  }

  add(observer: ResponseObserver): void {
    this.observers.push(observer);
  }

  override incomingRequest(request: FastifyRequest, reply: FastifyReply): void {
    this.onStart(request, reply);
  }

  override requestCompleted(_error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    const route = request.routeOptions.url ?? UNMATCHED_ROUTE;
    if (this.skipRoutes.has(route)) return;
    const elapsedMs = reply.elapsedTime;
    for (const observer of this.observers) observer(request, reply, route, elapsedMs);
  }
}
