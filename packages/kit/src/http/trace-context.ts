import { randomHex } from '../random-pool.js';

/** W3C Trace Context (https://www.w3.org/TR/trace-context/) `traceparent`: version-traceid-parentid-flags. */
export interface TraceContext {
  traceId: string;
  /** This service's span for the request; becomes the parent id of outgoing calls. */
  spanId: string;
  /** The caller's span, when it sent one. */
  parentSpanId: string | null;
  flags: string;
  /** The trace id if the caller sent one or something has used it; a request that started no trace has none. */
  readonly knownTraceId?: string | undefined;
}

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const zeroTrace = '0'.repeat(32);
const zeroSpan = '0'.repeat(16);

const newTraceId = () => randomHex(16);
const newSpanId = () => randomHex(8);

export function parseTraceparent(
  header: string | undefined,
): { traceId: string; parentId: string; flags: string } | null {
  if (!header) return null;
  const match = traceparentPattern.exec(header.trim().toLowerCase());
  if (!match) return null;
  const [, version, traceId, parentId, flags] = match;
  if (version === 'ff' || traceId === zeroTrace || parentId === zeroSpan) return null;
  return { traceId: traceId!, parentId: parentId!, flags: flags! };
}

/**
 * One request's place in a trace. A new trace id and this service's span id are only drawn when something
 * asks for them (an outgoing call propagating the trace), so a request that calls nobody costs no random bytes.
 */
class RequestTraceContext implements TraceContext {
  #traceId: string | undefined;
  #spanId: string | undefined;

  constructor(
    traceId: string | undefined,
    readonly parentSpanId: string | null,
    readonly flags: string,
  ) {
    this.#traceId = traceId;
  }

  get traceId(): string {
    return (this.#traceId ??= newTraceId());
  }

  /** The trace id if the caller sent one or something has used it; a request that started no trace has none. */
  get knownTraceId(): string | undefined {
    return this.#traceId;
  }

  get spanId(): string {
    return (this.#spanId ??= newSpanId());
  }

  toJSON(): TraceContext {
    return { traceId: this.traceId, spanId: this.spanId, parentSpanId: this.parentSpanId, flags: this.flags };
  }
}

/** Continues the caller's trace when the header is valid, otherwise starts a new one. */
export function traceContextFrom(header: string | undefined): TraceContext {
  const parent = parseTraceparent(header);
  return parent
    ? new RequestTraceContext(parent.traceId, parent.parentId, parent.flags)
    : new RequestTraceContext(undefined, null, '01');
}

export function formatTraceparent(context: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}
