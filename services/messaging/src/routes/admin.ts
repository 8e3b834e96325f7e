import { principalOf, requireAuth } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminService } from '../admin/admin.service.js';
import { conversationParams, conversationSchema, participantSchema } from './common.schemas.js';
import { participantParams } from './conversations.schemas.js';
import {
  adminAddParticipantBody,
  adminConversationResponse,
  adminListQuery,
  adminListResponse,
  adminStatsQuery,
  adminStatsResponse,
  userParams,
} from './admin.schemas.js';

/** messaging.md §6.4. Impersonation is not applied here: admins act as themselves. */
export function registerAdminRoutes(app: ServiceApp, deps: { admin: AdminService }): void {
  const { admin } = deps;
  const tags = ['admin'];
  const base = '/api/admin';
  const guard = [requireAuth, async (request: FastifyRequest) => admin.requireAdmin(principalOf(request))];

  app.get(
    `${base}/conversations`,
    { schema: { tags, querystring: adminListQuery, response: { 200: adminListResponse } }, preHandler: guard },
    async (request) => admin.list(principalOf(request), request.query),
  );
  app.get(
    `${base}/conversations/:id`,
    { schema: { tags, params: conversationParams, response: { 200: adminConversationResponse } }, preHandler: guard },
    async (request) => admin.get(principalOf(request), request.params.id),
  );
  app.delete(
    `${base}/conversations/:id`,
    { schema: { tags, params: conversationParams, response: { 204: z.null() } }, preHandler: guard },
    async (request, reply) => {
      await admin.remove(principalOf(request), request.params.id);
      return reply.code(204).send(null);
    },
  );
  app.get(
    `${base}/users/:userId/conversations`,
    { schema: { tags, params: userParams, response: { 200: z.array(conversationSchema) } }, preHandler: guard },
    async (request) => admin.userConversations(principalOf(request), request.params.userId),
  );
  app.post(
    `${base}/conversations/:id/participants`,
    {
      schema: {
        tags,
        params: conversationParams,
        body: adminAddParticipantBody,
        response: { 200: participantSchema, 201: participantSchema },
      },
      preHandler: guard,
    },
    async (request, reply) => {
      const { participant, created } = await admin.addParticipant(
        principalOf(request),
        request.params.id,
        request.body,
      );
      return reply.code(created ? 201 : 200).send(participant);
    },
  );
  app.delete(
    `${base}/conversations/:id/participants/:userId`,
    { schema: { tags, params: participantParams, response: { 204: z.null() } }, preHandler: guard },
    async (request, reply) => {
      await admin.removeParticipant(principalOf(request), request.params.id, request.params.userId);
      return reply.code(204).send(null);
    },
  );
  app.get(
    `${base}/stats`,
    { schema: { tags, querystring: adminStatsQuery, response: { 200: adminStatsResponse } }, preHandler: guard },
    async (request) => admin.stats(principalOf(request), request.query),
  );
}
