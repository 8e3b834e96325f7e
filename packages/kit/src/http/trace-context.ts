import { randomHex } from '../random-pool.js';

/** W3C Trace Context (https://www.w3.org/TR/trace-context/) `traceparent`: version-traceid-parentid-flags. */
export interface TraceContext {
  traceId: string;
  /** This service's span for the request; becomes the parent id of outgoing calls. */
  spanId: string;
  /** The caller's span, when it sent one. */
  parentSpanId: string | null;
  flags: string;
}

const traceparentPattern = /^([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const zeroTrace = '0'.repeat(32);
const zeroSpan = '0'.repeat(16);

const newTraceId = () => randomHex(16);
const newSpanId = () => randomHex(8);

export function parseTraceparent(header: string | undefined): { traceId: string; parentId: string; flags: string } | null {
  if (!header) return null;
  const match = traceparentPattern.exec(header.trim().toLowerCase());
  if (!match) return null;
  const [, version, traceId, parentId, flags] = match;
  if (version === 'ff' || traceId === zeroTrace || parentId === zeroSpan) return null;
  return { traceId: traceId!, parentId: parentId!, flags: flags! };
}

/** Continues the caller's trace when the header is valid, otherwise starts a new one. */
export function traceContextFrom(header: string | undefined): TraceContext {
  const parent = parseTraceparent(header);
  return parent
    ? { traceId: parent.traceId, spanId: newSpanId(), parentSpanId: parent.parentId, flags: parent.flags }
    : { traceId: newTraceId(), spanId: newSpanId(), parentSpanId: null, flags: '01' };
}

export function formatTraceparent(context: Pick<TraceContext, 'traceId' | 'spanId' | 'flags'>): string {
  return `00-${context.traceId}-${context.spanId}-${context.flags}`;
}
