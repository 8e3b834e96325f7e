import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatFrame, type ChatSink } from '../chat/chat-frames.js';

/**
 * The chat's frames written straight to the socket (DESIGN §7: nothing buffered). The reply is hijacked, so
 * the headers Fastify's hooks already set (request id, CORS, security) are copied onto the raw response.
 */
export function createSseSink(request: FastifyRequest, reply: FastifyReply): ChatSink {
  const controller = new AbortController();
  const raw = reply.raw;
  let opened = false;
  let ended = false;
  raw.on('close', () => {
    if (!raw.writableFinished) controller.abort();
  });
  const writable = () => opened && !ended && !raw.destroyed;
  return {
    signal: controller.signal,
    open(extraHeaders) {
      if (opened) return;
      opened = true;
      reply.hijack();
      const headers: Record<string, string | string[] | number> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      raw.writeHead(200, {
        ...headers,
        ...extraHeaders,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-store, must-revalidate',
        connection: 'keep-alive',
        // Tells nginx-style proxies not to buffer the stream (messaging.md §10 step 4).
        'x-accel-buffering': 'no',
      });
      raw.flushHeaders();
      request.log.debug({ requestId: request.id }, 'chat stream opened');
    },
    send(frame) {
      if (writable()) raw.write(formatFrame(frame));
    },
    end() {
      if (ended) return;
      ended = true;
      // Never opened (the client left first): take the reply over anyway so Fastify does not wait for it.
      if (!opened) reply.hijack();
      if (!raw.destroyed) raw.end();
    },
  };
}
