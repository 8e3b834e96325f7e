import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { OrgService } from '../orgs/org.service.js';
import type { UserService } from '../users/user.service.js';
import {
  emailSchema,
  enrichedUserSchema,
  messageSchema,
  nameSchema,
  orgRole,
  passwordSchema,
} from './common.schemas.js';
import { requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';

const patchBody = z.object({ name: nameSchema.optional(), email: emailSchema.optional() });
const profileResponse = z.object({ id: z.string(), email: z.string(), name: z.string() });
const passwordBody = z.object({ currentPassword: z.string().min(1).max(1024), newPassword: passwordSchema });

const dashboardResponse = z.object({
  organizations: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      slug: z.string(),
      planId: z.string().nullable(),
      createdAt: z.date(),
      role: orgRole,
      memberCount: z.number(),
      planName: z.string(),
    }),
  ),
  // identity.md §7.5: reserved; always empty for now.
  recentActivity: z.array(z.never()),
});

export function registerUserRoutes(app: ServiceApp, deps: { userService: UserService; orgService: OrgService }): void {
  const { userService, orgService } = deps;
  const tags = ['users'];

  app.get(
    '/api/users/me',
    { schema: { tags, response: { 200: enrichedUserSchema } }, preHandler: requireUser },
    async (request) => userService.enriched(principalOf(request).id),
  );

  app.get(
    '/api/dashboard',
    { schema: { tags, response: { 200: dashboardResponse } }, preHandler: requireUser },
    async (request) => ({
      organizations: await orgService.listMine(principalOf(request).id),
      recentActivity: [],
    }),
  );

  app.patch(
    '/api/users/me',
    { schema: { tags, body: patchBody, response: { 200: profileResponse } }, preHandler: requireUser },
    async (request) => userService.updateProfile(principalOf(request).id, request.body, actorOf(request)),
  );

  app.post(
    '/api/users/me/password',
    { schema: { tags, body: passwordBody, response: { 200: messageSchema } }, preHandler: requireUser },
    async (request) => {
      const principal = principalOf(request);
      await userService.changePassword(
        principal.id,
        principal.sessionId,
        request.body.currentPassword,
        request.body.newPassword,
        actorOf(request),
      );
      return { message: 'Password updated successfully' };
    },
  );
}
