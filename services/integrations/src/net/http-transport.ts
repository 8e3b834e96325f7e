import http from 'node:http';
import https from 'node:https';
import type { Readable } from 'node:stream';
import { Agent, request as undiciRequest } from 'undici';
import type { OutboundPolicy } from '@symbia/kit';

export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/**
 * An upstream answer as Node primitives: the body is a plain Node stream of Buffers. WHATWG `Response` and its
 * streams were the largest single CPU cost per streamed call, so nothing on this path uses them.
 */
export interface UpstreamResponse {
  status: number;
  /** Lower-case names, as Node and undici deliver them. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  body: Readable;
}

/** How the gateway reaches an upstream. The request's signal aborts it at any point, headers or body. */
export type Transport = (url: string, init: TransportRequest) => Promise<UpstreamResponse>;

/** A transport that holds connections, released on shutdown. */
export interface PooledTransport {
  transport: Transport;
  close(): Promise<void>;
}

export function headerOf(response: UpstreamResponse, name: string): string | null {
  const value = response.headers[name];
  if (value === undefined) return null;
  return Array.isArray(value) ? (value[0] ?? null) : value;
}

const ignore = () => {};

export const isOk = (response: UpstreamResponse) => response.status >= 200 && response.status < 300;

/**
 * Operator-configured upstreams (trusted base URLs): undici's `request()` over one keep-alive Agent, which keeps
 * a connection pool per origin. Its own timeouts are off: the gateway runs one timer per attempt (headers, then
 * each gap between chunks, LLM_REQUEST_TIMEOUT_MS) and aborts through the signal. `request()` never follows
 * redirects, and LLM APIs do not redirect: a 3xx comes back as the status it is.
 */
export function createPooledTransport(options: { keepAliveTimeoutMs?: number } = {}): PooledTransport {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveTimeoutMs ?? 10_000,
    headersTimeout: 0,
    bodyTimeout: 0,
  });
  return {
    transport: async (url, init) => {
      const res = await undiciRequest(url, {
        dispatcher: agent,
        method: init.method,
        headers: init.headers,
        body: init.body,
        signal: init.signal,
      });
      // An abort destroys the body with an error; whoever reads it listens, but one nobody reads must not crash.
      res.body.on('error', ignore);
      return { status: res.statusCode, headers: res.headers, body: res.body };
    },
    close: () => agent.close(),
  };
}

/**
 * Caller-influenced URLs (a vault credential's `baseUrl`): node:http(s) with the policy's validating `lookup`, so
 * the connection goes to the address that was checked. Rare and per-credential, so no shared pool. Redirects are
 * never followed.
 */
export function createGuardedTransport(policy: OutboundPolicy): Transport {
  return (url, init) =>
    new Promise<UpstreamResponse>((resolve, reject) => {
      const target = new URL(url);
      try {
        policy.check(target);
      } catch (error) {
        reject(error);
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(
        target,
        { method: init.method, headers: init.headers, signal: init.signal, lookup: policy.lookupFor(target) },
        (res) => {
          res.on('error', ignore);
          const status = res.statusCode ?? 502;
          resolve({ status: status < 200 || status > 599 ? 502 : status, headers: res.headers, body: res });
        },
      );
      request.once('error', reject);
      request.end(init.body);
    });
}
