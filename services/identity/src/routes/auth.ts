import { optionalAuth, requireAuth, requireUser } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { unauthorized } from '@symbia/kit/errors';
import type { AgentStore } from '../agents/agent.store.js';
import { IdentityErrorCodes } from '../errors.js';
import type { SessionService } from '../sessions/session.service.js';
import type { SetupService } from '../setup/setup.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { UserService } from '../users/user.service.js';
import {
  loginBody,
  loginResponse,
  meResponse,
  refreshBody,
  refreshResponse,
  registerBody,
  registerResponse,
  setupAdminBody,
  setupAdminResponse,
  userMeResponse,
  userRefreshResponse,
} from './auth.schemas.js';
import { messageSchema } from './common.schemas.js';
import {
  REFRESH_COOKIE,
  actorOf,
  clearSessionCookies,
  clientIp,
  principalOf,
  readCookie,
  setSessionCookies,
  tokenBody,
} from './http-context.js';

export interface AuthRouteDeps {
  userService: UserService;
  sessions: SessionService;
  agents: AgentStore;
  setup: SetupService;
  throttle: LoginThrottle;
  secureCookies: boolean;
  registerPerMinute: number;
}

export function registerAuthRoutes(app: ServiceApp, deps: AuthRouteDeps): void {
  const { userService, sessions, agents, setup, throttle, secureCookies } = deps;
  const tags = ['auth'];
  // W13: anonymous account creation is rate-limited per client address.
  const limitRegister = async (request: Parameters<typeof clientIp>[0]) =>
    throttle.limit('register', clientIp(request), deps.registerPerMinute, 60);

  for (const url of ['/api/auth/register', '/api/auth/user/register']) {
    app.post(
      url,
      { schema: { tags, body: registerBody, response: { 200: registerResponse } }, preHandler: limitRegister },
      async (request, reply) => {
        const { user, organization, tokens } = await userService.register(request.body, actorOf(request));
        setSessionCookies(reply, tokens, secureCookies);
        return { user, organization, ...tokenBody(tokens) };
      },
    );
  }

  for (const url of ['/api/auth/login', '/api/auth/user/login']) {
    app.post(url, { schema: { tags, body: loginBody, response: { 200: loginResponse } } }, async (request, reply) => {
      const { user, tokens } = await userService.login(request.body.email, request.body.password, actorOf(request));
      setSessionCookies(reply, tokens, secureCookies);
      return { user, ...tokenBody(tokens) };
    });
  }

  app.post(
    '/api/auth/refresh',
    { schema: { tags, body: refreshBody, response: { 200: refreshResponse } } },
    async (request, reply) => {
      const presented = request.body?.refreshToken ?? readCookie(request, REFRESH_COOKIE);
      if (!presented) throw unauthorized('A refresh token is required', IdentityErrorCodes.invalidRefreshToken);
      const tokens = await sessions.refresh(presented, clientIp(request));
      setSessionCookies(reply, tokens, secureCookies);
      return { type: tokens.subject.kind, ...tokenBody(tokens) };
    },
  );

  // identity.md §7.2: the user-only refresh refuses agent sessions (403) before rotating anything.
  app.post(
    '/api/auth/user/refresh',
    { schema: { tags, body: refreshBody, response: { 200: userRefreshResponse } } },
    async (request, reply) => {
      const presented = request.body?.refreshToken ?? readCookie(request, REFRESH_COOKIE);
      if (!presented) throw unauthorized('A refresh token is required', IdentityErrorCodes.invalidRefreshToken);
      const tokens = await sessions.refresh(presented, clientIp(request), 'user');
      setSessionCookies(reply, tokens, secureCookies);
      const user = await userService.enriched(tokens.subject.id);
      return { user, ...tokenBody(tokens) };
    },
  );

  app.get(
    '/api/auth/user/me',
    { schema: { tags, response: { 200: userMeResponse } }, preHandler: requireUser },
    async (request) => {
      const user = await userService.enriched(principalOf(request).id);
      return { user, organizations: user.organizations };
    },
  );

  // Logout answers 200 without a credential; with one, its session ends everywhere (W5).
  app.post(
    '/api/auth/logout',
    { schema: { tags, response: { 200: messageSchema } }, preHandler: optionalAuth },
    async (request, reply) => {
      const sessionId = request.principal?.sessionId;
      if (sessionId) await sessions.revoke(sessionId, 'logout');
      clearSessionCookies(reply, secureCookies);
      return { message: 'Logged out successfully' };
    },
  );

  app.get(
    '/api/auth/me',
    { schema: { tags, response: { 200: meResponse } }, preHandler: requireAuth },
    async (request) => {
      const principal = principalOf(request);
      if (principal.type === 'user') {
        const user = await userService.enriched(principal.id);
        return { type: 'user' as const, user, organizations: user.organizations };
      }
      const agent = principal.type === 'agent' ? await agents.findById(principal.id) : undefined;
      if (!agent) throw unauthorized('Agent not found or inactive', 'invalid_token');
      return { type: 'agent' as const, agent };
    },
  );

  app.post(
    '/api/setup/admin',
    {
      schema: { tags: ['setup'], body: setupAdminBody, response: { 200: setupAdminResponse } },
      preHandler: limitRegister,
    },
    async (request) => {
      return { user: await setup.createAdmin(request.body, actorOf(request)) };
    },
  );
}
