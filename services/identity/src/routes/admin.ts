import { requireSuperAdmin, requireUser } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AdminService } from '../admin/admin.service.js';
import { auditActorTypes } from '../audit/actor-types.js';
import type { OrgFeatureService } from '../orgs/org-feature.service.js';
import type { PasswordResetService } from '../password-reset/password-reset.service.js';
import type { LoginThrottle } from '../throttle/login-throttle.js';
import type { GrantKind } from '../users/grant.store.js';
import type { UserStore } from '../users/user.store.js';
import { emailSchema, idParams, isoDate, messageSchema, nameSchema, pagingQuery } from './common.schemas.js';
import { actorOf, principalOf, superAdminLookup } from './http-context.js';
import { orgSchemas } from './orgs.js';
import { issuedResetResponse } from './password-reset.schemas.js';
import { SLUG_PATTERN } from '../orgs/slug.js';

const adminUser = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  isSuperAdmin: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});
const grantSchema = z.object({
  id: z.string(),
  userId: z.string(),
  grantKey: z.string(),
  grantedBy: z.string().nullable(),
  expiresAt: z.date().nullable(),
  createdAt: z.date(),
});
const planBody = z.object({
  name: nameSchema,
  features: z.array(z.string().min(1)).max(200).optional(),
  limits: z.record(z.string(), z.number()).optional(),
  priceCents: z.number().int().min(0).optional(),
});
const auditSchema = z.object({
  id: z.string(),
  actorType: z.enum(auditActorTypes),
  actorId: z.string().nullable(),
  orgId: z.string().nullable(),
  action: z.string(),
  resource: z.string(),
  resourceId: z.string().nullable(),
  clientIp: z.string().nullable(),
  metadata: z.record(z.string(), z.unknown()),
  createdAt: z.date(),
});

export interface AdminRouteDeps {
  admin: AdminService;
  orgFeatures: OrgFeatureService;
  passwordReset: PasswordResetService;
  users: UserStore;
  throttle: LoginThrottle;
  adminPerMinute: number;
}

export function registerAdminRoutes(app: ServiceApp, deps: AdminRouteDeps): void {
  const { admin, throttle } = deps;
  const tags = ['admin'];
  const isSuperAdmin = requireSuperAdmin({ isSuperAdmin: superAdminLookup(deps.users) });
  // identity.md §4.11: super-admin routes are limited per caller (30/min by default).
  const guard = async (request: FastifyRequest) => {
    await isSuperAdmin(request);
    await throttle.limit('admin', principalOf(request).id, deps.adminPerMinute, 60);
  };
  const me = (request: FastifyRequest) => principalOf(request).id;

  app.get(
    '/api/admin/users',
    { schema: { tags, querystring: pagingQuery, response: { 200: z.array(adminUser) } }, preHandler: guard },
    async (request) => admin.listUsers(request.query.limit, request.query.offset),
  );
  app.patch(
    '/api/admin/users/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: z.object({
          name: nameSchema.optional(),
          email: emailSchema.optional(),
          isSuperAdmin: z.boolean().optional(),
        }),
        response: { 200: adminUser },
      },
      preHandler: guard,
    },
    async (request) => admin.updateUser(me(request), request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/admin/users/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: guard },
    async (request) => {
      await admin.deleteUser(me(request), request.params.id, actorOf(request));
      return { message: 'User deleted' };
    },
  );

  // Resets without a mailer: the super admin hands the one-time link to the user out of band.
  app.post(
    '/api/admin/users/:id/password-reset',
    { schema: { tags, params: idParams, response: { 200: issuedResetResponse } }, preHandler: guard },
    async (request) => deps.passwordReset.issueForUser(request.params.id, actorOf(request)),
  );

  const grantRoutes = (
    segment: 'entitlements' | 'roles',
    kind: GrantKind,
    keyField: 'entitlementKey' | 'roleKey',
    keyPattern: RegExp,
  ) => {
    const params = z.object({ userId: z.string().uuid() });
    app.get(
      `/api/admin/users/:userId/${segment}`,
      { schema: { tags, params, response: { 200: z.object({ [segment]: z.array(grantSchema) }) } }, preHandler: guard },
      async (request) => ({
        [segment]: await admin.listGrants(request.params.userId, kind),
      }),
    );
    app.post(
      `/api/admin/users/:userId/${segment}`,
      {
        schema: {
          tags,
          params,
          body: z.object({
            [keyField]: z.string().min(1).max(200).regex(keyPattern),
            expiresAt: isoDate.nullable().optional(),
          }),
          response: { 200: grantSchema },
        },
        preHandler: guard,
      },
      async (request) => {
        const body = request.body as Record<string, unknown> & { expiresAt?: Date | null };
        return admin.grant(
          me(request),
          request.params.userId,
          kind,
          body[keyField] as string,
          body.expiresAt ?? null,
          actorOf(request),
        );
      },
    );
    app.delete(
      `/api/admin/users/:userId/${segment}/:key`,
      {
        schema: { tags, params: params.extend({ key: z.string().min(1).max(200) }), response: { 200: messageSchema } },
        preHandler: guard,
      },
      async (request) => {
        await admin.revokeGrant(request.params.userId, kind, request.params.key, actorOf(request));
        return { message: kind === 'entitlement' ? 'Entitlement revoked' : 'Role revoked' };
      },
    );
  };
  grantRoutes('entitlements', 'entitlement', 'entitlementKey', /^cap:[a-z0-9._:-]+$/);
  grantRoutes('roles', 'role', 'roleKey', /^role:[a-z0-9._:-]+$/);

  const orgWithCounts = orgSchemas.orgSchema.extend({ memberCount: z.number(), planName: z.string() });
  app.get(
    '/api/admin/orgs',
    { schema: { tags, querystring: pagingQuery, response: { 200: z.array(orgWithCounts) } }, preHandler: guard },
    async (request) => admin.listOrgs(request.query.limit, request.query.offset),
  );
  app.patch(
    '/api/admin/orgs/:id',
    {
      schema: {
        tags,
        params: idParams,
        body: z.object({
          name: nameSchema.optional(),
          slug: z.string().min(1).max(60).regex(SLUG_PATTERN).optional(),
          planId: z.string().uuid().nullable().optional(),
        }),
        response: { 200: orgSchemas.orgSchema },
      },
      preHandler: guard,
    },
    async (request) => admin.updateOrg(request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/admin/orgs/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, preHandler: guard },
    async (request) => {
      await admin.deleteOrg(request.params.id, actorOf(request));
      return { message: 'Organization deleted' };
    },
  );

  const featureParams = idParams.extend({
    featureKey: z
      .string()
      .min(1)
      .max(200)
      .regex(/^[a-z0-9._:-]+$/),
  });
  app.put(
    '/api/admin/orgs/:id/features/:featureKey',
    {
      schema: {
        tags,
        params: featureParams,
        body: z.object({ enabled: z.boolean().default(true), expiresAt: isoDate.nullable().default(null) }),
        response: { 200: orgSchemas.featureSchema },
      },
      preHandler: guard,
    },
    async (request) =>
      deps.orgFeatures.set(request.params.id, request.params.featureKey, request.body, actorOf(request)),
  );
  app.delete(
    '/api/admin/orgs/:id/features/:featureKey',
    { schema: { tags, params: featureParams, response: { 200: messageSchema } }, preHandler: guard },
    async (request) => {
      await deps.orgFeatures.remove(request.params.id, request.params.featureKey, actorOf(request));
      return { message: 'Feature removed' };
    },
  );

  // Any signed-in user may read the plan catalogue (identity.md §7.6).
  app.get(
    '/api/admin/plans',
    { schema: { tags, response: { 200: z.array(orgSchemas.planSchema) } }, preHandler: requireUser },
    async () => admin.listPlans(),
  );
  app.post(
    '/api/admin/plans',
    { schema: { tags, body: planBody, response: { 200: orgSchemas.planSchema } }, preHandler: guard },
    async (request) => admin.createPlan(request.body, actorOf(request)),
  );
  app.patch(
    '/api/admin/plans/:id',
    {
      schema: { tags, params: idParams, body: planBody.partial(), response: { 200: orgSchemas.planSchema } },
      preHandler: guard,
    },
    async (request) => admin.updatePlan(request.params.id, request.body, actorOf(request)),
  );

  app.get(
    '/api/admin/audit-logs',
    {
      schema: {
        tags,
        querystring: pagingQuery.extend({
          orgId: z.string().uuid().optional(),
          userId: z.string().max(200).optional(),
          action: z.string().max(200).optional(),
        }),
        response: { 200: z.array(auditSchema) },
      },
      preHandler: guard,
    },
    async (request) => {
      const { limit, offset, orgId, userId, action } = request.query;
      return admin.auditLogs({ orgId, actorId: userId, action }, limit, offset);
    },
  );

  app.post(
    '/api/admin/signing-keys/rotate',
    { schema: { tags, response: { 200: z.object({ kid: z.string(), retired: z.number() }) } }, preHandler: guard },
    async (request) => admin.rotateSigningKey(actorOf(request)),
  );
}
