import { optionalAuth } from '@symbia/auth';
import { propagationHeaders, type ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { clientAddress } from '../chat/chat-limits.js';
import type { ChatService } from '../chat/chat.service.js';
import type { ChatSettings } from '../config.js';
import { createSseSink } from './sse-sink.js';

/** The website sends `{channel, content, assistant}` (website-and-cli.md A6); other fields are ignored. */
const chatBody = (maxChars: number) =>
  z.object({
    content: z
      .string({ error: 'content is required' })
      .trim()
      .min(1, 'content is required')
      .max(maxChars, `content is limited to ${maxChars} characters`),
    assistant: z
      .string()
      .trim()
      .min(1)
      .max(128)
      .regex(/^[A-Za-z0-9._:/-]+$/, 'is not an assistant key')
      .default('coordinator'),
    channel: z.string().max(100).optional(),
  });

/** A stale cookie must not break the anonymous chat: invalid credentials read as anonymous here. */
const anonymousOnFailure = async (request: FastifyRequest) => {
  await optionalAuth(request).catch(() => {
    request.principal = null;
  });
};

/** messaging.md §10: `POST /api/messaging/send`, and `/api/send` for the website proxy's rewrite (W19). */
export function registerChatRoutes(
  app: ServiceApp,
  deps: { chat: ChatService; settings: Readonly<ChatSettings> },
): void {
  const body = chatBody(deps.settings.maxContentChars);
  for (const path of ['/api/messaging/send', '/api/send']) {
    app.post(
      path,
      { schema: { tags: ['chat'], body, produces: ['text/event-stream'] }, preHandler: anonymousOnFailure },
      async (request, reply) => {
        const forwarded = request.headers['x-forwarded-for'];
        const address = clientAddress(
          request.socket.remoteAddress,
          Array.isArray(forwarded) ? forwarded.join(',') : forwarded,
          deps.settings.trustedProxies,
        );
        await deps.chat.admit(request.principal ? `principal:${request.principal.id}` : `ip:${address}`);
        const propagation = { ...propagationHeaders(request), 'x-trace-id': request.id };
        await deps.chat.stream(
          { content: request.body.content, assistant: request.body.assistant, propagation },
          createSseSink(request, reply),
        );
        return reply;
      },
    );
  }
}
