import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import {
  ClientAbortedError,
  sendUpstream,
  UpstreamNetworkError,
  UpstreamTimeoutError,
} from '../../src/gateway/upstream-call.js';
import type { Transport, UpstreamResponse } from '../../src/net/http-transport.js';

// The transport is the third party here: scripted answers, one per attempt.
const answer = (text: string, status = 200, headers: Record<string, string> = {}): UpstreamResponse => ({
  status,
  headers,
  body: Readable.from([Buffer.from(text)]),
});

function scripted(answers: (() => UpstreamResponse | Promise<UpstreamResponse>)[]) {
  let calls = 0;
  const transport: Transport = async (_url, init) => {
    const next = answers[Math.min(calls, answers.length - 1)]!;
    calls += 1;
    if (init.signal.aborted) throw init.signal.reason;
    return next();
  };
  return { transport, calls: () => calls };
}
const request = { url: 'https://llm.example/v1/chat/completions', headers: {}, body: { model: 'm' } };
const retry = { maxRetries: 2, baseMs: 1, maxDelayMs: 50 };
const reset = () => {
  throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNRESET' } });
};

describe('sendUpstream', () => {
  it('retries 429/5xx and connection failures before the first byte, then returns the answer', async () => {
    const { transport, calls } = scripted([() => answer('{}', 503), reset, () => answer('ok')]);
    const result = await sendUpstream({
      transport,
      request,
      clientSignal: new AbortController().signal,
      timeoutMs: 1_000,
      retry,
    });
    expect(result.response.status).toBe(200);
    expect(result.attempts).toBe(3);
    expect(calls()).toBe(3);
    result.close();
  });

  it('gives the last 5xx back after the retries, and a network error as UpstreamNetworkError', async () => {
    const failing = scripted([() => answer('{}', 502)]);
    const last = await sendUpstream({
      transport: failing.transport,
      request,
      clientSignal: new AbortController().signal,
      timeoutMs: 1_000,
      retry,
    });
    expect([last.response.status, failing.calls()]).toEqual([502, 3]);
    const broken = scripted([reset]);
    await expect(
      sendUpstream({
        transport: broken.transport,
        request,
        clientSignal: new AbortController().signal,
        timeoutMs: 1_000,
        retry,
      }),
    ).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(
      sendUpstream({
        transport: broken.transport,
        request,
        clientSignal: new AbortController().signal,
        timeoutMs: 1_000,
        retry,
      }),
    ).rejects.toBeInstanceOf(UpstreamNetworkError);
  });

  it('does not wait out a Retry-After longer than the backoff cap, and never retries 4xx', async () => {
    const long = scripted([() => answer('{}', 429, { 'retry-after': '120' })]);
    expect(
      (
        await sendUpstream({
          transport: long.transport,
          request,
          clientSignal: new AbortController().signal,
          timeoutMs: 1_000,
          retry,
        })
      ).response.status,
    ).toBe(429);
    expect(long.calls()).toBe(1);
    const bad = scripted([() => answer('{}', 400)]);
    await sendUpstream({
      transport: bad.transport,
      request,
      clientSignal: new AbortController().signal,
      timeoutMs: 1_000,
      retry,
    });
    expect(bad.calls()).toBe(1);
  });

  it('times out an attempt without retrying it, and stops at once when the client leaves', async () => {
    const hang: Transport = (_url, init) =>
      new Promise((_resolve, reject) => init.signal.addEventListener('abort', () => reject(init.signal.reason)));
    await expect(
      sendUpstream({ transport: hang, request, clientSignal: new AbortController().signal, timeoutMs: 30, retry }),
    ).rejects.toBeInstanceOf(UpstreamTimeoutError);
    const client = new AbortController();
    const pending = sendUpstream({ transport: hang, request, clientSignal: client.signal, timeoutMs: 10_000, retry });
    client.abort();
    await expect(pending).rejects.toBeInstanceOf(ClientAbortedError);
  });
});
