import type { SandboxEvent } from '../wire-types.js';

/** `payload.data` of a request sent by `RelayClient.request` (request/response over the network, libraries.md §5.3). */
export interface RequestData {
  correlationId: string;
  request: unknown;
}

/** `payload.data` of the answer, sent back to the requester with `causedBy` = the request's event id. */
export type ResponseData =
  { correlationId: string; ok: true; response: unknown } | { correlationId: string; ok: false; error: string };

/** `agent.request` → `agent.response`; any other type gets `.response` appended. */
export const responseTypeOf = (requestType: string): string =>
  requestType.endsWith('.request') ? `${requestType.slice(0, -'.request'.length)}.response` : `${requestType}.response`;

export function isRequestData(data: unknown): data is RequestData {
  return (
    typeof data === 'object' &&
    data !== null &&
    typeof (data as RequestData).correlationId === 'string' &&
    (data as RequestData).correlationId.length > 0 &&
    'request' in data
  );
}

interface Pending {
  target: string;
  responseType: string;
  resolve(event: SandboxEvent): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/** Requests waiting for their answer; each ends once, by its answer, its timeout or `rejectAll`. */
export interface PendingRequests {
  add(correlationId: string, target: string, responseType: string, timeoutMs: number): Promise<SandboxEvent>;
  /** True when the event answered a pending request (it is then consumed, not dispatched to handlers). */
  settle(event: SandboxEvent): boolean;
  fail(correlationId: string, error: Error): void;
  rejectAll(error: Error): void;
  readonly size: number;
}

export function createPendingRequests(): PendingRequests {
  const pending = new Map<string, Pending>();
  const take = (id: string) => {
    const entry = pending.get(id);
    if (entry) {
      clearTimeout(entry.timer);
      pending.delete(id);
    }
    return entry;
  };
  return {
    add(correlationId, target, responseType, timeoutMs) {
      return new Promise<SandboxEvent>((resolve, reject) => {
        const timer = setTimeout(() => {
          take(correlationId);
          reject(new Error(`Request timed out after ${timeoutMs}ms`));
        }, timeoutMs);
        timer.unref?.();
        pending.set(correlationId, { target, responseType, resolve, reject, timer });
      });
    },
    settle(event) {
      const data = event.payload.data as Partial<ResponseData> | null;
      if (typeof data !== 'object' || data === null || typeof data.correlationId !== 'string') return false;
      const entry = pending.get(data.correlationId);
      // Only the node asked may answer, with the answer type: another sender cannot settle someone else's request.
      if (!entry || entry.responseType !== event.payload.type || entry.target !== event.wrapper.source) return false;
      take(data.correlationId);
      entry.resolve(event);
      return true;
    },
    fail(correlationId, error) {
      take(correlationId)?.reject(error);
    },
    rejectAll(error) {
      for (const id of [...pending.keys()]) take(id)?.reject(error);
    },
    get size() {
      return pending.size;
    },
  };
}
