import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends normalized frames as `text/event-stream`. Frames are written as the stream pushes them (Fastify pipes it;
 * destroying it on a client disconnect cancels the upstream); `no-transform` and `X-Accel-Buffering: no` stop
 * proxies from buffering the answer.
 */
export function sendEventStream(reply: FastifyReply, frames: Readable): FastifyReply {
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no');
  return reply.send(frames);
}
