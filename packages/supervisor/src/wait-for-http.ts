import http from 'node:http';
import https from 'node:https';
import { setTimeout as sleep } from 'node:timers/promises';

export interface PollOptions {
  readonly intervalMs?: number;
  readonly signal?: AbortSignal;
}

export type PollResult =
  { readonly ok: true } | { readonly ok: false; readonly reason: 'timeout' | 'aborted'; readonly lastOutcome: string };

const DEFAULT_INTERVAL_MS = 150;
const MAX_REQUEST_MS = 2_000;
// The last probe before the deadline still gets a fair chance to answer, so the outcome it reports
// ("answered 503") is about the service, not about a 1 ms request budget.
const MIN_REQUEST_MS = 250;

/** One GET with a fresh connection (no keep-alive pool that could outlive the caller); resolves the status. */
export function httpGetStatus(url: string, timeoutMs: number, signal?: AbortSignal): Promise<number> {
  const client = url.startsWith('https:') ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(url, { agent: false, timeout: timeoutMs, signal }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    request.on('error', reject);
  });
}

/** Polls `url` until it answers 200, the time is up, or `signal` aborts; never throws. */
export async function pollUntilOk(url: string, timeoutMs: number, options: PollOptions = {}): Promise<PollResult> {
  const deadline = Date.now() + timeoutMs;
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  let lastOutcome = 'no answer yet';
  for (;;) {
    if (options.signal?.aborted) return { ok: false, reason: 'aborted', lastOutcome };
    const remaining = deadline - Date.now();
    try {
      const requestMs = Math.max(MIN_REQUEST_MS, Math.min(MAX_REQUEST_MS, remaining));
      const status = await httpGetStatus(url, requestMs, options.signal);
      if (status === 200) return { ok: true };
      lastOutcome = `answered ${status}`;
    } catch (error) {
      lastOutcome = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    }
    if (options.signal?.aborted) return { ok: false, reason: 'aborted', lastOutcome };
    if (Date.now() >= deadline) return { ok: false, reason: 'timeout', lastOutcome };
    await sleep(Math.min(intervalMs, Math.max(0, deadline - Date.now())), undefined, { signal: options.signal }).catch(
      () => undefined,
    );
  }
}

/** Resolves once `url` answers 200; rejects with a sentence naming the URL and its last answer otherwise. */
export async function waitForHttpOk(url: string, timeoutMs: number, options: PollOptions = {}): Promise<void> {
  const result = await pollUntilOk(url, timeoutMs, options);
  if (result.ok) return;
  if (result.reason === 'aborted') throw new Error(`stopped waiting for ${url} (${result.lastOutcome})`);
  throw new Error(`${url} did not answer 200 within ${formatSeconds(timeoutMs)} (last: ${result.lastOutcome})`);
}

export function formatSeconds(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${(ms / 1000).toFixed(1)}s`;
}
