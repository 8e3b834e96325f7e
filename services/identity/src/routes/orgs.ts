import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { OrgFeatureService } from '../orgs/org-feature.service.js';
import type { OrgService } from '../orgs/org.service.js';
import { SLUG_PATTERN } from '../orgs/slug.js';
import { emailSchema, messageSchema, nameSchema, orgRole } from './common.schemas.js';
import { requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';

const role = orgRole;
const orgSchema = z.object({
  id: z.string(),
  name: z.string(),
  slug: z.string(),
  planId: z.string().nullable(),
  createdAt: z.date(),
});
const planSchema = z.object({
  id: z.string(),
  name: z.string(),
  features: z.array(z.string()),
  limits: z.record(z.string(), z.number()),
  priceCents: z.number(),
});
const membershipSchema = z.object({ id: z.string(), userId: z.string(), orgId: z.string(), role, createdAt: z.date() });
const orgParams = z.object({ id: z.string().uuid() });
const featureSchema = z.object({
  id: z.string(),
  featureKey: z.string(),
  enabled: z.boolean(),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
});
const memberParams = z.object({ orgId: z.string().uuid(), memberId: z.string().uuid() });

export const orgSchemas = { orgSchema, planSchema, featureSchema };

export function registerOrgRoutes(
  app: ServiceApp,
  deps: { orgService: OrgService; orgFeatures: OrgFeatureService },
): void {
  const { orgService, orgFeatures } = deps;
  const tags = ['organizations'];
  const userId = (request: Parameters<typeof principalOf>[0]) => principalOf(request).id;

  app.get(
    '/api/orgs',
    {
      schema: {
        tags,
        response: {
          200: z.object({
            organizations: z.array(orgSchema.extend({ memberCount: z.number(), role, planName: z.string() })),
          }),
        },
      },
      preHandler: requireUser,
    },
    async (request) => ({ organizations: await orgService.listMine(userId(request)) }),
  );

  app.post(
    '/api/orgs',
    {
      schema: {
        tags,
        body: z.object({ name: nameSchema, slug: z.string().min(1).max(60).regex(SLUG_PATTERN) }),
        response: { 200: orgSchema },
      },
      preHandler: requireUser,
    },
    async (request) => orgService.create(userId(request), request.body, actorOf(request)),
  );

  app.get(
    '/api/orgs/:id',
    {
      schema: {
        tags,
        params: orgParams,
        response: {
          200: z.object({
            organization: orgSchema.extend({ plan: planSchema.nullable() }),
            // W3a: member users are whitelisted to id, email and name.
            members: z.array(
              membershipSchema.extend({ user: z.object({ id: z.string(), email: z.string(), name: z.string() }) }),
            ),
            entitlements: z.array(featureSchema),
          }),
        },
      },
      preHandler: requireUser,
    },
    async (request) => orgService.get(userId(request), request.params.id),
  );

  app.post(
    '/api/orgs/:id/members/invite',
    {
      schema: {
        tags,
        params: orgParams,
        body: z.object({ email: emailSchema, role }),
        response: { 200: membershipSchema },
      },
      preHandler: requireUser,
    },
    async (request) => orgService.invite(userId(request), request.params.id, request.body, actorOf(request)),
  );

  app.patch(
    '/api/orgs/:orgId/members/:memberId',
    {
      schema: { tags, params: memberParams, body: z.object({ role }), response: { 200: membershipSchema } },
      preHandler: requireUser,
    },
    async (request) =>
      orgService.setRole(
        userId(request),
        request.params.orgId,
        request.params.memberId,
        request.body.role,
        actorOf(request),
      ),
  );

  app.delete(
    '/api/orgs/:orgId/members/:memberId',
    {
      schema: { tags, params: memberParams, response: { 200: messageSchema } },
      preHandler: requireUser,
    },
    async (request) => {
      await orgService.removeMember(userId(request), request.params.orgId, request.params.memberId, actorOf(request));
      return { message: 'Member removed' };
    },
  );

  // identity.md §7.6: the org's feature flags (unexpired), for members.
  app.get(
    '/api/entitlements/:orgId',
    {
      schema: {
        tags,
        params: z.object({ orgId: z.string().uuid() }),
        response: { 200: z.object({ entitlements: z.array(featureSchema) }) },
      },
      preHandler: requireUser,
    },
    async (request) => ({ entitlements: await orgFeatures.list(userId(request), request.params.orgId) }),
  );

  app.get(
    '/api/license/:id',
    {
      schema: {
        tags,
        params: orgParams,
        response: {
          200: z.object({
            organization: z.string(),
            plan: z.string(),
            features: z.array(z.string()),
            limits: z.record(z.string(), z.number()),
            status: z.literal('active'),
          }),
        },
      },
      preHandler: requireUser,
    },
    async (request) => orgService.license(userId(request), request.params.id),
  );
}
