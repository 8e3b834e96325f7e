import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { nextRequestId } from './request-id.js';
import type { ConstantHeaderResponses } from './constant-headers.js';
import { formatTraceparent, traceContextFrom, type TraceContext } from './trace-context.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** This request's place in a W3C trace, built on first use from the caller's `traceparent`. */
    readonly trace: TraceContext;
  }
}

/** Where a request keeps its trace context once something has asked for it. */
const traceSlot = Symbol('symbia.trace');
type TracedRequest = FastifyRequest & { [traceSlot]: TraceContext | null };

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
  /**
   * Responses that add `responseHeaders` and the `x-request-id` line by themselves when their head is written (see
   * constant-headers); any other response gets them through the reply.
   */
  constantHeaders?: Pick<ConstantHeaderResponses, 'setPerResponseValue'>;
  isDraining?: () => boolean;
  /** The CORS headers of the request, if it has any. */
  cors?: (request: FastifyRequest, reply: FastifyReply) => void;
}

export type RequestStart = (request: FastifyRequest, reply: FastifyReply) => void;

/**
 * What every request gets before anything else runs: trace context, the request id echoed back, the headers every
 * response carries, then CORS. The kit calls it from its log controller's `incomingRequest`, which Fastify calls
 * for every routed request (404s included) with no hook runner around it.
 */
export function createRequestContext(app: FastifyInstance, options: RequestContextOptions = {}): RequestStart {
  // Names and values as two arrays: the loop sets them with no key list to build per request.
  const headerNames = Object.keys(options.responseHeaders ?? {});
  const headerValues = headerNames.map((name) => options.responseHeaders![name]!);
  const constantHeaders = options.constantHeaders ?? { setPerResponseValue: () => false };
  const isDraining = options.isDraining ?? (() => false);
  const cors = options.cors ?? (() => undefined);
  // Most requests call no one and send no traceparent, so the trace context is only built when read.
  app.decorateRequest(traceSlot as unknown as string, null);
  app.decorateRequest('trace', {
    getter(this: FastifyRequest) {
      const request = this as TracedRequest;
      return (request[traceSlot] ??= traceContextFrom(headerValue(request.headers.traceparent)));
    },
  });
  return (request, reply) => {
    // The id is safe in a header as it is: `requestIdFrom` only keeps a caller's id made of [A-Za-z0-9._:-].
    if (!constantHeaders.setPerResponseValue(reply.raw, request.id)) {
      for (let i = 0; i < headerNames.length; i += 1) reply.header(headerNames[i]!, headerValues[i]);
      reply.header('x-request-id', request.id);
    }
    if (isDraining()) reply.header('connection', 'close');
    // Callers that correlate by the spec's X-Trace-Id get it back under that name (platform.md E15).
    if (request.headers['x-trace-id'] !== undefined) reply.header('x-trace-id', request.id);
    cors(request, reply);
  };
}

/**
 * The trace id to log for a request: the caller's, or the one this service started once something propagated it.
 * A request that neither continued nor propagated a trace has none, and no context is built to find that out.
 */
export function knownTraceIdOf(request: FastifyRequest): string | undefined {
  const context = (request as TracedRequest)[traceSlot];
  if (context) return context.knownTraceId;
  return request.headers.traceparent === undefined ? undefined : request.trace.knownTraceId;
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
