import { headerOf, type Transport, type UpstreamResponse } from '../net/http-transport.js';
import type { UpstreamRequest } from '../providers/provider-adapter.js';

/** The caller went away (client disconnect): not an upstream failure, and nobody is left to answer. */
export class ClientAbortedError extends Error {
  constructor() {
    super('the client closed the connection');
    this.name = 'ClientAbortedError';
  }
}

/** An attempt (headers, a non-streamed body, or a gap between chunks) outlived LLM_REQUEST_TIMEOUT_MS. */
export class UpstreamTimeoutError extends Error {
  constructor(readonly timeoutMs: number) {
    super(`no answer within ${timeoutMs} ms`);
    this.name = 'UpstreamTimeoutError';
  }
}

/** Connecting or sending failed after every retry. */
export class UpstreamNetworkError extends Error {
  constructor(
    readonly code: string | undefined,
    cause: unknown,
  ) {
    super(`network error${code ? ` (${code})` : ''}`, { cause });
    this.name = 'UpstreamNetworkError';
  }
}

export interface RetryPolicy {
  maxRetries: number;
  baseMs: number;
  maxDelayMs: number;
}

/** An upstream answer with its attempt's abort and idle-timeout controls, which the body reader keeps using. */
export interface UpstreamAnswer {
  response: UpstreamResponse;
  attempts: number;
  /** Restarts the idle timer: call on every chunk received. */
  touch(): void;
  /** The body was read to its end: stops the timer without aborting anything (the connection stays reusable). */
  complete(): void;
  /** Stops the timer and aborts the upstream request if it is still open (idempotent; a no-op after complete()). */
  close(): void;
  /** Aborted by the idle timer (vs. by the client). */
  timedOut(): boolean;
  signal: AbortSignal;
}

// 529 is Anthropic's "overloaded".
const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504, 529]);

/** `Retry-After` in seconds or as an HTTP date; null when absent or unreadable. */
export function retryAfterMs(response: UpstreamResponse, now = Date.now()): number | null {
  const raw = headerOf(response, 'retry-after');
  if (raw === null) return null;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(raw);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

function networkCode(error: unknown): string | undefined {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (cause?.code ?? (error as { code?: unknown }).code) as unknown;
  return typeof code === 'string' ? code : undefined;
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new ClientAbortedError());
    const onAbort = () => {
      clearTimeout(timer);
      reject(new ClientAbortedError());
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

// One shared reason object: building an Error (and its stack) per finished call is measurable on the hot path.
const CLIENT_GONE = new ClientAbortedError();

function startAttempt(clientSignal: AbortSignal, timeoutMs: number) {
  const controller = new AbortController();
  let timedOut = false;
  let settled = false;
  const onClientAbort = () => controller.abort(CLIENT_GONE);
  clientSignal.addEventListener('abort', onClientAbort, { once: true });
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort(new UpstreamTimeoutError(timeoutMs));
  }, timeoutMs);
  const stop = () => {
    settled = true;
    clearTimeout(timer);
    clientSignal.removeEventListener('abort', onClientAbort);
  };
  return {
    controller,
    touch: () => timer.refresh(),
    complete: stop,
    close() {
      if (settled) return;
      stop();
      if (!controller.signal.aborted) controller.abort(CLIENT_GONE);
    },
    timedOut: () => timedOut,
  };
}

/**
 * Sends one upstream request, retrying with exponential backoff and jitter on 429/5xx answers and connection
 * failures, but only before the first byte of a successful answer (the issue's rule: a started stream is never
 * replayed). A `Retry-After` longer than the backoff cap is not waited for: the 429/503 goes back to the caller.
 * Timeouts are not retried: the attempt already used the whole budget.
 */
export async function sendUpstream(input: {
  transport: Transport;
  request: UpstreamRequest;
  clientSignal: AbortSignal;
  timeoutMs: number;
  retry: RetryPolicy;
  onRetry?: () => void;
}): Promise<UpstreamAnswer> {
  const { transport, request, clientSignal, timeoutMs, retry } = input;
  const body = JSON.stringify(request.body);
  for (let attempt = 1; ; attempt += 1) {
    if (clientSignal.aborted) throw CLIENT_GONE;
    const current = startAttempt(clientSignal, timeoutMs);
    const canRetry = attempt <= retry.maxRetries;
    const backoff = Math.min(retry.maxDelayMs, retry.baseMs * 2 ** (attempt - 1)) * (0.5 + Math.random() / 2);
    let response: UpstreamResponse;
    try {
      response = await transport(request.url, {
        method: 'POST',
        headers: request.headers,
        body,
        signal: current.controller.signal,
      });
    } catch (error) {
      const timedOut = current.timedOut();
      current.close();
      if (clientSignal.aborted) throw new ClientAbortedError();
      if (timedOut) throw new UpstreamTimeoutError(timeoutMs);
      if (error instanceof Error && error.name === 'OutboundUrlBlockedError') throw error;
      if (!canRetry) throw new UpstreamNetworkError(networkCode(error), error);
      input.onRetry?.();
      await sleep(backoff, clientSignal);
      continue;
    }
    if (RETRYABLE_STATUSES.has(response.status) && canRetry) {
      const asked = retryAfterMs(response);
      if (asked === null || asked <= retry.maxDelayMs) {
        response.body.destroy();
        current.close();
        input.onRetry?.();
        await sleep(Math.max(asked ?? 0, backoff), clientSignal);
        continue;
      }
    }
    return {
      response,
      attempts: attempt,
      touch: current.touch,
      complete: current.complete,
      close: current.close,
      timedOut: current.timedOut,
      signal: current.controller.signal,
    };
  }
}
