import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nextRequestId } from './request-id.js';
import { formatTraceparent, traceContextFrom, type TraceContext } from './trace-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    trace: TraceContext;
  }
}

/** A caller-supplied id is kept only if it is short and plain, so it cannot inject into logs or headers. */
const saneRequestId = /^[A-Za-z0-9._:-]{1,128}$/;

function headerValue(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

/** Used as Fastify's `genReqId`: `x-request-id`, else the `x-trace-id` alias, else a fresh UUIDv7 request id. */
export function requestIdFrom(headers: Record<string, string | string[] | undefined>): string {
  const candidate = headerValue(headers['x-request-id']) ?? headerValue(headers['x-trace-id']);
  return candidate !== undefined && saneRequestId.test(candidate) ? candidate : nextRequestId();
}

export interface RequestContextOptions {
  /** Headers every response carries (security headers). */
  responseHeaders?: Readonly<Record<string, string>>;
  isDraining?: () => boolean;
  /** Runs after the context is set; returning true means it has answered the request (a CORS preflight). */
  answerEarly?: (request: FastifyRequest, reply: FastifyReply) => boolean;
}

/**
 * The one `onRequest` hook of every request: trace context, the request id echoed back, the headers every
 * response carries, then CORS. One hook rather than one per concern, because each hook Fastify runs costs a
 * call chain on every request.
 */
export function registerRequestContext(app: FastifyInstance, options: RequestContextOptions = {}): void {
  const responseHeaders = options.responseHeaders ?? {};
  const isDraining = options.isDraining ?? (() => false);
  const answerEarly = options.answerEarly ?? (() => false);
  app.decorateRequest('trace', null as unknown as TraceContext);
  app.addHook('onRequest', (request, reply, done) => {
    request.trace = traceContextFrom(headerValue(request.headers.traceparent));
    reply.headers(responseHeaders);
    reply.header('x-request-id', request.id);
    if (isDraining()) reply.header('connection', 'close');
    // Callers that correlate by the spec's X-Trace-Id get it back under that name (platform.md E15).
    if (request.headers['x-trace-id'] !== undefined) reply.header('x-trace-id', request.id);
    if (!answerEarly(request, reply)) done();
  });
}

/**
 * Headers to send on an outgoing call made while serving `request` (DESIGN §5): the same request id and a
 * traceparent whose parent is this service's span.
 */
export function propagationHeaders(request: Pick<FastifyRequest, 'id' | 'trace'>): Record<string, string> {
  return {
    'x-request-id': request.id,
    traceparent: formatTraceparent(request.trace),
  };
}
