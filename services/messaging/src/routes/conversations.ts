import { requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { ConversationService } from '../conversations/conversation.service.js';
import {
  conversationParams,
  conversationSchema,
  conversationWithParticipantsSchema,
  participantSchema,
} from './common.schemas.js';
import {
  addParticipantBody,
  createConversationBody,
  listConversationsQuery,
  participantParams,
  updateConversationBody,
} from './conversations.schemas.js';
import { actorFrom, orgIdFrom } from './http-context.js';

/** messaging.md §6.3 conversations and participants. */
export function registerConversationRoutes(app: ServiceApp, deps: { conversations: ConversationService }): void {
  const { conversations } = deps;
  const tags = ['conversations'];
  const base = '/api/conversations';
  const noContent = { 204: z.null() };

  app.get(
    base,
    {
      schema: { tags, querystring: listConversationsQuery, response: { 200: z.array(conversationSchema) } },
      preHandler: requireAuth,
    },
    async (request) => {
      const { limit, offset } = request.query;
      return conversations.list(actorFrom(request), {
        orgId: orgIdFrom(request, request.query.orgId) ?? undefined,
        limit,
        offset,
      });
    },
  );
  app.post(
    base,
    {
      schema: { tags, body: createConversationBody, response: { 201: conversationWithParticipantsSchema } },
      preHandler: requireAuth,
    },
    async (request, reply) =>
      reply.code(201).send(
        await conversations.create(actorFrom(request), {
          ...request.body,
          orgId: orgIdFrom(request, request.body.orgId),
        }),
      ),
  );
  app.get(
    `${base}/:id`,
    {
      schema: { tags, params: conversationParams, response: { 200: conversationWithParticipantsSchema } },
      preHandler: requireAuth,
    },
    async (request) => conversations.get(actorFrom(request), request.params.id),
  );
  app.patch(
    `${base}/:id`,
    {
      schema: { tags, params: conversationParams, body: updateConversationBody, response: { 200: conversationSchema } },
      preHandler: requireAuth,
    },
    async (request) => conversations.update(actorFrom(request), request.params.id, request.body),
  );
  app.delete(
    `${base}/:id`,
    { schema: { tags, params: conversationParams, response: noContent }, preHandler: requireAuth },
    async (request, reply) => {
      await conversations.remove(actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${base}/:id/join`,
    {
      schema: { tags, params: conversationParams, response: { 200: participantSchema, 201: participantSchema } },
      preHandler: requireAuth,
    },
    async (request, reply) => {
      const { participant, created } = await conversations.join(actorFrom(request), request.params.id);
      return reply.code(created ? 201 : 200).send(participant);
    },
  );
  app.post(
    `${base}/:id/leave`,
    { schema: { tags, params: conversationParams, response: noContent }, preHandler: requireAuth },
    async (request, reply) => {
      await conversations.leave(actorFrom(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.post(
    `${base}/:id/participants`,
    {
      schema: {
        tags,
        params: conversationParams,
        body: addParticipantBody,
        response: { 200: participantSchema, 201: participantSchema },
      },
      preHandler: requireAuth,
    },
    async (request, reply) => {
      const { participant, created } = await conversations.addParticipant(
        actorFrom(request),
        request.params.id,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(participant);
    },
  );
  app.delete(
    `${base}/:id/participants/:userId`,
    { schema: { tags, params: participantParams, response: noContent }, preHandler: requireAuth },
    async (request, reply) => {
      await conversations.removeParticipant(actorFrom(request), request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
}
