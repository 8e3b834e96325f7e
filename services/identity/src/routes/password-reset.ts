import type { ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import type { PasswordResetService } from '../password-reset/password-reset.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import { messageSchema } from './common.schemas.js';
import { actorOf, clientIp } from './http-context.js';
import { forgotPasswordBody, forgotPasswordResponse, resetPasswordBody } from './password-reset.schemas.js';

export function registerPasswordResetRoutes(
  app: ServiceApp,
  deps: { passwordReset: PasswordResetService; throttle: LoginThrottle; perMinute: number },
): void {
  const { passwordReset, throttle } = deps;
  const tags = ['auth'];
  // W13: both anonymous endpoints are limited per client address (socket peer).
  const limit = (name: string) => async (request: FastifyRequest) =>
    throttle.limit(name, clientIp(request), deps.perMinute, 60);

  app.post(
    '/api/auth/forgot-password',
    {
      schema: { tags, body: forgotPasswordBody, response: { 200: forgotPasswordResponse } },
      preHandler: limit('forgot-password'),
    },
    async (request) => passwordReset.forgot(request.body.email, actorOf(request)),
  );

  app.post(
    '/api/auth/reset-password',
    {
      schema: { tags, body: resetPasswordBody, response: { 200: messageSchema } },
      preHandler: limit('reset-password'),
    },
    async (request) => {
      await passwordReset.reset(request.body.token, request.body.password, actorOf(request));
      return { message: 'Password has been reset successfully' };
    },
  );
}
