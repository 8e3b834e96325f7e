import { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends normalized frames as `text/event-stream`. Frames are written as the iterable yields them (Fastify pipes
 * the stream; destroying it on a client disconnect runs the source's cleanup); `no-transform` and
 * `X-Accel-Buffering: no` stop proxies from buffering the answer.
 */
export function sendEventStream(reply: FastifyReply, frames: AsyncIterable<string> | Iterable<string>): FastifyReply {
  reply
    .header('content-type', 'text/event-stream; charset=utf-8')
    .header('cache-control', 'no-cache, no-transform')
    .header('x-accel-buffering', 'no');
  return reply.send(Readable.from(frames, { objectMode: false }));
}
