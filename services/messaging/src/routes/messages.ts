import { requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ControlService } from '../control/control.service.js';
import type { MessageService } from '../messages/message.service.js';
import { conversationParams, messageSchema } from './common.schemas.js';
import { actorFrom, cursorOf, senderContextOf } from './http-context.js';
import { controlBody, editMessageBody, listMessagesQuery, messageParams, sendMessageBody } from './messages.schemas.js';

/** messaging.md §6.3 messages and control events; edit and delete are the REST twins of the socket events. */
export function registerMessageRoutes(
  app: ServiceApp,
  deps: { messages: MessageService; control: ControlService },
): void {
  const { messages, control } = deps;
  const tags = ['messages'];
  const base = '/api/conversations/:id';

  app.get(
    `${base}/messages`,
    {
      schema: {
        tags,
        params: conversationParams,
        querystring: listMessagesQuery,
        response: { 200: z.array(messageSchema) },
      },
      preHandler: requireAuth,
    },
    async (request) =>
      messages.list(actorFrom(request), request.params.id, cursorOf(request.query), request.query.limit),
  );
  // A replayed id answers 201 with the stored row as well (messaging.md scenario 5).
  app.post(
    `${base}/messages`,
    {
      schema: { tags, params: conversationParams, body: sendMessageBody, response: { 201: messageSchema } },
      preHandler: requireAuth,
    },
    async (request, reply) => {
      const { message } = await messages.send(
        actorFrom(request),
        request.params.id,
        request.body,
        senderContextOf(request),
      );
      return reply.code(201).send(message);
    },
  );
  app.patch(
    `${base}/messages/:messageId`,
    {
      schema: { tags, params: messageParams, body: editMessageBody, response: { 200: messageSchema } },
      preHandler: requireAuth,
    },
    async (request) =>
      messages.edit(actorFrom(request), request.params.messageId, request.body.content, request.params.id),
  );
  app.delete(
    `${base}/messages/:messageId`,
    { schema: { tags, params: messageParams, response: { 204: z.null() } }, preHandler: requireAuth },
    async (request, reply) => {
      await messages.remove(actorFrom(request), request.params.messageId, request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${base}/control`,
    {
      schema: { tags, params: conversationParams, body: controlBody, response: { 201: messageSchema } },
      preHandler: requireAuth,
    },
    async (request, reply) => {
      const { message } = await control.send(actorFrom(request), request.params.id, request.body);
      return reply.code(201).send(message);
    },
  );
}
