import type { OutgoingHttpHeaders } from 'node:http';
import type { FastifyReply } from 'fastify';
import type { FrameRelay } from '../gateway/stream-session.js';

/**
 * Sends normalized frames as `text/event-stream`, written straight to the socket as the relay produces them (no
 * stream object in between: per token that was the largest part of the gateway's own cost). The reply is taken
 * over from Fastify once the upstream answered, so the status is final; the kit's request context headers
 * (request id, security, CORS) are carried over, and the access line and metrics still see the response finish.
 * `no-transform` and `X-Accel-Buffering: no` stop proxies from buffering the answer.
 */
export function sendEventStream(reply: FastifyReply, relay: FrameRelay): FastifyReply {
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no');
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
  reply.hijack();
  const res = reply.raw;
  res.writeHead(200, headers);
  relay({
    write: (text) => res.write(text),
    end: (text) => res.end(text),
    onDrain: (listener) => res.on('drain', listener),
  });
  return reply;
}
