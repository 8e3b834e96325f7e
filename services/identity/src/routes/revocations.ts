import { requireService } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { ServerResponse } from 'node:http';
import type { RevocationEvent, RevocationFeed } from '../revocations/revocation-feed.js';
import {
  revocationPageQuery,
  revocationPageSchema,
  revocationStreamHeaders,
  revocationStreamQuery,
} from './revocations.schemas.js';

const HEARTBEAT_MS = 15_000;

const frame = (e: RevocationEvent) => `id: ${e.cursor}\nevent: revocation\ndata: ${JSON.stringify(e)}\n\n`;

/**
 * DESIGN §6: the revocation feed every service's @symbia/auth follows, for service principals only. The
 * stream sends the backlog after the cursor, then `event: caught-up`, then live rows, with a comment line
 * every 15 s so proxies and followers can tell a quiet feed from a dead one.
 */
export function registerRevocationRoutes(app: ServiceApp, deps: { feed: RevocationFeed }): void {
  const { feed } = deps;
  const tags = ['internal'];
  const open = new Set<ServerResponse>();
  // Hijacked streams are not in-flight requests to Fastify: end them so app.close() does not wait on them.
  app.addHook('preClose', async () => {
    for (const res of open) res.end();
  });

  app.get(
    '/api/internal/revocations',
    {
      schema: { tags, querystring: revocationPageQuery, response: { 200: revocationPageSchema } },
      preHandler: requireService(),
    },
    async (request) => feed.page(request.query.after, request.query.limit),
  );

  app.get(
    '/api/internal/revocations/stream',
    {
      schema: { tags, querystring: revocationStreamQuery, headers: revocationStreamHeaders },
      preHandler: requireService(),
    },
    async (request, reply) => {
      const after = request.query.after ?? request.headers['last-event-id'] ?? 0n;
      const headers: Record<string, string | string[] | number> = {};
      for (const [name, value] of Object.entries(reply.getHeaders())) if (value !== undefined) headers[name] = value;
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, {
        ...headers,
        'content-type': 'text/event-stream; charset=utf-8',
        'cache-control': 'no-cache, no-transform',
        'x-accel-buffering': 'no',
      });
      const write = (text: string) => {
        if (!res.destroyed && !res.writableEnded) res.write(text);
      };
      write(': connected\n\n');
      open.add(res);
      const subscription = feed.subscribe(after, (events) => write(events.map(frame).join('')));
      const heartbeat = setInterval(() => write(': heartbeat\n\n'), HEARTBEAT_MS);
      res.on('close', () => {
        open.delete(res);
        clearInterval(heartbeat);
        subscription.close();
      });
      subscription.caughtUp.then(
        (cursor) => write(`event: caught-up\ndata: ${JSON.stringify({ cursor })}\n\n`),
        (err: unknown) => {
          request.log.warn(
            { err: err instanceof Error ? err.message : String(err) },
            'revocation stream backlog failed',
          );
          res.end();
        },
      );
      return reply;
    },
  );
}
