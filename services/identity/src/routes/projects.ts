import type { ServiceApp } from '@symbia/kit';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { ProjectService } from '../projects/project.service.js';
import { idParams, messageSchema } from './common.schemas.js';
import { requireUser } from '@symbia/auth';
import { actorOf, principalOf } from './http-context.js';
import {
  applicationSchema,
  createApplicationBody,
  createProjectBody,
  createServiceBody,
  linkParams,
  linkSchema,
  orgIdParams,
  patchApplicationBody,
  patchProjectBody,
  patchServiceBody,
  projectIdParams,
  projectSchema,
  scopedEntitlementSchema,
  serviceSchema,
} from './projects.schemas.js';

/** identity.md §7.7. Tenancy: rows are found through the caller's membership, so another org's ids answer 404. */
export function registerProjectRoutes(app: ServiceApp, deps: { projects: ProjectService }): void {
  const { projects } = deps;
  const tags = ['projects'];
  const me = (request: FastifyRequest) => principalOf(request).id;
  const entitlements = z.array(scopedEntitlementSchema);
  const opts = { preHandler: requireUser };

  app.get(
    '/api/orgs/:orgId/projects',
    {
      schema: { tags, params: orgIdParams, response: { 200: z.object({ projects: z.array(projectSchema) }) } },
      ...opts,
    },
    async (request) => ({
      projects: await projects.listProjects(me(request), request.params.orgId),
    }),
  );
  app.post(
    '/api/orgs/:orgId/projects',
    { schema: { tags, params: orgIdParams, body: createProjectBody, response: { 200: projectSchema } }, ...opts },
    async (request) => projects.createProject(me(request), request.params.orgId, request.body, actorOf(request)),
  );
  app.get(
    '/api/projects/:id',
    {
      schema: {
        tags,
        params: idParams,
        response: {
          200: z.object({
            project: projectSchema,
            applications: z.array(applicationSchema),
            services: z.array(serviceSchema),
            entitlements,
          }),
        },
      },
      ...opts,
    },
    async (request) => projects.getProject(me(request), request.params.id),
  );
  app.patch(
    '/api/projects/:id',
    { schema: { tags, params: idParams, body: patchProjectBody, response: { 200: projectSchema } }, ...opts },
    async (request) => projects.updateProject(me(request), request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/projects/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, ...opts },
    async (request) => {
      await projects.deleteProject(me(request), request.params.id, actorOf(request));
      return { message: 'Project deleted' };
    },
  );

  app.get(
    '/api/projects/:projectId/applications',
    {
      schema: {
        tags,
        params: projectIdParams,
        response: { 200: z.object({ applications: z.array(applicationSchema) }) },
      },
      ...opts,
    },
    async (request) => ({
      applications: await projects.listApplications(me(request), request.params.projectId),
    }),
  );
  app.post(
    '/api/projects/:projectId/applications',
    {
      schema: { tags, params: projectIdParams, body: createApplicationBody, response: { 200: applicationSchema } },
      ...opts,
    },
    async (request) =>
      projects.createApplication(me(request), request.params.projectId, request.body, actorOf(request)),
  );
  app.get(
    '/api/applications/:id',
    {
      schema: {
        tags,
        params: idParams,
        response: { 200: z.object({ application: applicationSchema, services: z.array(serviceSchema), entitlements }) },
      },
      ...opts,
    },
    async (request) => projects.getApplication(me(request), request.params.id),
  );
  app.patch(
    '/api/applications/:id',
    { schema: { tags, params: idParams, body: patchApplicationBody, response: { 200: applicationSchema } }, ...opts },
    async (request) => projects.updateApplication(me(request), request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/applications/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, ...opts },
    async (request) => {
      await projects.deleteApplication(me(request), request.params.id, actorOf(request));
      return { message: 'Application deleted' };
    },
  );

  app.get(
    '/api/projects/:projectId/services',
    {
      schema: { tags, params: projectIdParams, response: { 200: z.object({ services: z.array(serviceSchema) }) } },
      ...opts,
    },
    async (request) => ({
      services: await projects.listServices(me(request), request.params.projectId),
    }),
  );
  app.post(
    '/api/projects/:projectId/services',
    { schema: { tags, params: projectIdParams, body: createServiceBody, response: { 200: serviceSchema } }, ...opts },
    async (request) => projects.createService(me(request), request.params.projectId, request.body, actorOf(request)),
  );
  app.get(
    '/api/services/:id',
    {
      schema: { tags, params: idParams, response: { 200: z.object({ service: serviceSchema, entitlements }) } },
      ...opts,
    },
    async (request) => projects.getService(me(request), request.params.id),
  );
  app.patch(
    '/api/services/:id',
    { schema: { tags, params: idParams, body: patchServiceBody, response: { 200: serviceSchema } }, ...opts },
    async (request) => projects.updateService(me(request), request.params.id, request.body, actorOf(request)),
  );
  app.delete(
    '/api/services/:id',
    { schema: { tags, params: idParams, response: { 200: messageSchema } }, ...opts },
    async (request) => {
      await projects.deleteService(me(request), request.params.id, actorOf(request));
      return { message: 'Service deleted' };
    },
  );

  app.post(
    '/api/applications/:id/services/:serviceId',
    { schema: { tags, params: linkParams, response: { 200: linkSchema } }, ...opts },
    async (request) => projects.link(me(request), request.params.id, request.params.serviceId, actorOf(request)),
  );
  app.delete(
    '/api/applications/:id/services/:serviceId',
    { schema: { tags, params: linkParams, response: { 200: messageSchema } }, ...opts },
    async (request) => {
      await projects.unlink(me(request), request.params.id, request.params.serviceId, actorOf(request));
      return { message: 'Service unlinked' };
    },
  );
}
