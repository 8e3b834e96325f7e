import { createOutboundPolicy, type OutboundPolicy } from '@symbia/kit';
import { EVENT_HASH_HEADER, EVENT_ID_HEADER, EVENT_RUN_ID_HEADER, type SandboxEvent } from '@symbia/relay';
import http from 'node:http';
import https from 'node:https';

export interface HttpDelivererOptions {
  /** §8: 5 s. */
  timeoutMs: number;
  /** Loopback and private addresses are fine outside production, where platform services run on this machine. */
  production: boolean;
  /** `NETWORK_DELIVERY_ALLOWED_HOSTS`: hosts (`host` or `host:port`) that may be private in production too. */
  allowedHosts: readonly string[];
}

export type DeliveryLogger = { debug(obj: object, msg: string): void };

/**
 * `POST <endpoint>` with the envelope (network.md §8). Success is a 2xx answer within the timeout, nothing else
 * (network W5). The SSRF guard (network W11, DESIGN §6) allows only http(s), never link-local or metadata addresses,
 * and loopback/private addresses only outside production or for allow-listed hosts; the address checked at
 * connect time is the one connected to, and redirects are never followed.
 */
export function createHttpDeliverer(options: HttpDelivererOptions, logger?: DeliveryLogger) {
  const policy: OutboundPolicy = createOutboundPolicy(options.allowedHosts, {
    allowHttp: true,
    allowPrivate: !options.production,
  });
  return {
    policy,
    deliver(endpoint: string, event: SandboxEvent): Promise<boolean> {
      let target: URL;
      try {
        target = new URL(endpoint);
        policy.check(target);
      } catch (error) {
        logger?.debug({ nodeEndpointRefused: true, reason: (error as Error).message }, 'http delivery refused');
        return Promise.resolve(false);
      }
      return post(target, event, policy, options.timeoutMs).catch((error: unknown) => {
        // W22: no payload data in logs, only why the delivery failed.
        logger?.debug({ eventId: event.wrapper.id, reason: (error as Error).message }, 'http delivery failed');
        return false;
      });
    },
  };
}

function post(target: URL, event: SandboxEvent, policy: OutboundPolicy, timeoutMs: number): Promise<boolean> {
  const body = JSON.stringify(event);
  return new Promise<boolean>((resolve, reject) => {
    const client = target.protocol === 'https:' ? https : http;
    const request = client.request(
      target,
      {
        method: 'POST',
        lookup: policy.lookupFor(target),
        signal: AbortSignal.timeout(timeoutMs),
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(body),
          [EVENT_ID_HEADER]: event.wrapper.id,
          [EVENT_RUN_ID_HEADER]: event.wrapper.runId,
          [EVENT_HASH_HEADER]: event.hash,
        },
      },
      (res) => {
        const status = res.statusCode ?? 0;
        // The answer's body is not needed; drain it so the socket is released.
        res.on('error', () => undefined);
        res.resume();
        res.once('end', () => resolve(status >= 200 && status < 300));
        res.once('close', () => resolve(status >= 200 && status < 300));
      },
    );
    request.once('error', reject);
    request.end(body);
  });
}
