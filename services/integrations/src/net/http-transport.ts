import http from 'node:http';
import https from 'node:https';
import { Readable } from 'node:stream';
import type { OutboundPolicy } from './ssrf-guard.js';

export interface TransportRequest {
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
}

/** How the gateway reaches an upstream: a WHATWG `Response`, so streaming bodies read the same either way. */
export type Transport = (url: string, init: TransportRequest) => Promise<Response>;

/**
 * Operator-configured upstreams (trusted base URLs): native fetch. LLM APIs never redirect, so a redirect is
 * refused rather than followed somewhere unchecked.
 */
export const fetchTransport: Transport = (url, init) =>
  fetch(url, { method: init.method, headers: init.headers, body: init.body, signal: init.signal, redirect: 'error' });

const NULL_BODY_STATUSES = new Set([204, 205, 304]);

/**
 * Caller-influenced URLs (a vault credential's `baseUrl`): node:http(s) with the policy's validating `lookup`,
 * because native fetch cannot pin the connection to the address that was checked without undici's Agent
 * (not a dependency here). Redirects are never followed.
 */
export function createGuardedTransport(policy: OutboundPolicy): Transport {
  return (url, init) =>
    new Promise<Response>((resolve, reject) => {
      const target = new URL(url);
      try {
        policy.check(target);
      } catch (error) {
        reject(error);
        return;
      }
      const client = target.protocol === 'https:' ? https : http;
      const request = client.request(target, { method: init.method, headers: init.headers, signal: init.signal, lookup: policy.lookupFor(target) }, (res) => {
        const headers = new Headers();
        for (const [name, value] of Object.entries(res.headers)) {
          if (value === undefined) continue;
          for (const v of Array.isArray(value) ? value : [value]) headers.append(name, v);
        }
        const status = res.statusCode ?? 502;
        const body = NULL_BODY_STATUSES.has(status) ? null : (Readable.toWeb(res) as ReadableStream<Uint8Array>);
        if (body === null) res.resume();
        resolve(new Response(body, { status: status < 200 || status > 599 ? 502 : status, headers }));
      });
      request.once('error', reject);
      request.end(init.body);
    });
}
