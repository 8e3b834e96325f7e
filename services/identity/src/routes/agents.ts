import { requireAgent, requireAuth, requireUser } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { unauthorized } from '@symbia/kit/errors';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AgentService } from '../agents/agent.service.js';
import { IdentityErrorCodes } from '../errors.js';
import type { SessionService } from '../sessions/session.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import {
  agentListResponse,
  agentLoginBody,
  agentLoginResponse,
  agentMeResponse,
  agentProfile,
  agentRefreshResponse,
  registerAgentBody,
  registerAgentResponse,
} from './agents.schemas.js';
import { refreshBody } from './auth.schemas.js';
import { idParams, messageSchema, pagingQuery } from './common.schemas.js';
import {
  REFRESH_COOKIE,
  actorOf,
  clientIp,
  principalOf,
  readCookie,
  setSessionCookies,
  tokenBody,
} from './http-context.js';

export interface AgentRouteDeps {
  agentService: AgentService;
  sessions: SessionService;
  throttle: LoginThrottle;
  secureCookies: boolean;
  registerPerMinute: number;
}

export function registerAgentRoutes(app: ServiceApp, deps: AgentRouteDeps): void {
  const { agentService, sessions, throttle, secureCookies } = deps;
  const tags = ['agents'];
  // W13: agent registration is rate-limited per client address like user registration.
  const limitRegister = async (request: FastifyRequest) =>
    throttle.limit('agent-register', clientIp(request), deps.registerPerMinute, 60);

  app.post(
    '/api/auth/agent/register',
    {
      schema: { tags, body: registerAgentBody, response: { 200: registerAgentResponse } },
      preHandler: [requireAuth, limitRegister],
    },
    async (request) => {
      // No cookie: the caller is the registering principal, not the agent.
      const { agent, tokens } = await agentService.register(principalOf(request), request.body, actorOf(request));
      return { agent, ...tokenBody(tokens) };
    },
  );

  app.post(
    '/api/auth/agent/login',
    { schema: { tags, body: agentLoginBody, response: { 200: agentLoginResponse } } },
    async (request, reply) => {
      const { agent, tokens } = await agentService.login(
        request.body.agentId,
        request.body.credential,
        actorOf(request),
      );
      setSessionCookies(reply, tokens, secureCookies);
      return { agent, ...tokenBody(tokens) };
    },
  );

  app.get(
    '/api/auth/agent/me',
    { schema: { tags, response: { 200: agentMeResponse } }, preHandler: requireAgent },
    async (request) => ({
      agent: await agentService.get(principalOf(request).id),
    }),
  );

  app.post(
    '/api/auth/agent/refresh',
    { schema: { tags, body: refreshBody, response: { 200: agentRefreshResponse } } },
    async (request, reply) => {
      const presented = request.body?.refreshToken ?? readCookie(request, REFRESH_COOKIE);
      if (!presented) throw unauthorized('A refresh token is required', IdentityErrorCodes.invalidRefreshToken);
      const tokens = await sessions.refresh(presented, clientIp(request), 'agent');
      setSessionCookies(reply, tokens, secureCookies);
      return { agent: await agentService.get(tokens.subject.id), ...tokenBody(tokens) };
    },
  );

  // Read access follows org membership (identity.md §5.1: every role reads); agents and services have no list.
  app.get(
    '/api/agents',
    {
      schema: {
        tags,
        querystring: pagingQuery.extend({ orgId: z.string().uuid().optional() }),
        response: { 200: agentListResponse },
      },
      preHandler: requireUser,
    },
    async (request) => agentService.list(principalOf(request).id, request.query),
  );
  app.get(
    '/api/agents/:id',
    { schema: { tags, params: idParams, response: { 200: agentProfile } }, preHandler: requireUser },
    async (request) => agentService.view(principalOf(request).id, request.params.id),
  );

  app.post(
    '/api/agents/:id/deactivate',
    { schema: { tags, params: idParams, response: { 200: agentProfile } }, preHandler: requireUser },
    async (request) => agentService.setActive(principalOf(request).id, request.params.id, false, actorOf(request)),
  );
  app.post(
    '/api/agents/:id/activate',
    { schema: { tags, params: idParams, response: { 200: agentProfile } }, preHandler: requireUser },
    async (request) => agentService.setActive(principalOf(request).id, request.params.id, true, actorOf(request)),
  );
  app.delete(
    '/api/agents/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: requireUser },
    async (request) => {
      await agentService.delete(principalOf(request).id, request.params.id, actorOf(request));
      return { message: 'Agent deleted' };
    },
  );
}
