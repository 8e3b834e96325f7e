import type { FetchLike } from '../logger.js';

/** What a peer call needs of `ServiceTokenClient`. */
export interface ServiceTokenSource {
  getToken(): Promise<string>;
  invalidate(): void;
}

export interface ServiceFetchInit extends Omit<RequestInit, 'headers'> {
  headers?: Record<string, string>;
  /** A bound on each attempt (the retry gets its own), on top of `signal` when both are given. */
  timeoutMs?: number;
}

/**
 * A call to a peer as this service (`Authorization: Bearer <service JWT>`, DESIGN §6). A 401 means the peer refused
 * our token (identity restarted, key rotated): the token is dropped and the call made once more with a fresh one.
 * A failure to get a token (a 503 AppError) and a network failure reach the caller as they are.
 */
export async function fetchAsService(
  tokens: ServiceTokenSource,
  url: string,
  init: ServiceFetchInit = {},
  fetchImpl: FetchLike = globalThis.fetch,
): Promise<Response> {
  const { timeoutMs, ...request } = init;
  const call = async () => {
    const authorization = `Bearer ${await tokens.getToken()}`;
    const timeout = timeoutMs === undefined ? undefined : AbortSignal.timeout(timeoutMs);
    const signal = timeout && request.signal ? AbortSignal.any([request.signal, timeout]) : (timeout ?? request.signal);
    return fetchImpl(url, { ...request, headers: { ...request.headers, authorization }, signal });
  };
  const first = await call();
  if (first.status !== 401) return first;
  await first.body?.cancel();
  tokens.invalidate();
  return call();
}
