import { optionalAuth, requireAuth, principalOf } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { isAppError, notFound } from '@symbia/kit/errors';
import { z } from 'zod';
import type { ResourceService } from '../resources/resource.service.js';
import type { ResourceType } from '../resources/resource-types.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import {
  createResourceBody,
  idParams,
  listResourcesQuery,
  patchResourceBody,
  resourcePageSchema,
  resourceSchema,
  successSchema,
} from './resources.schemas.js';

export interface KindRouteOptions {
  type: Extract<ResourceType, 'graph' | 'context'>;
  path: string;
  label: string;
  /** catalog.md §8.5: graphs always belong to an org; contexts may be platform rows. */
  orgRequired: boolean;
}

/**
 * catalog.md §8.5 convenience routes: the resource routes with the type fixed. A row of another type
 * answers 404 `<Label> not found`, as does anything the caller may not read.
 */
export function registerKindRoutes(
  app: ServiceApp,
  deps: { resources: ResourceService; limits: RateLimitGuards },
  options: KindRouteOptions,
): void {
  const { resources, limits } = deps;
  const read = [optionalAuth, limits.search];
  const write = [requireAuth, limits.write];
  const { type, path, label } = options;
  const tags = [path.slice('/api/'.length)];
  const missing = () => notFound(`${label} not found`);
  const createBody = createResourceBody
    .omit({ type: true, status: true, isBootstrap: true })
    .extend({ orgId: options.orgRequired ? z.string().uuid() : z.string().uuid().nullable().optional() });
  const ofKind = async (request: { principal: Parameters<ResourceService['get']>[0] }, id: string) => {
    // Only "not found" becomes the kind's own 404; any other failure stays what it is.
    const row = await resources.get(request.principal, id).catch((err: unknown) => {
      if (isAppError(err) && err.status === 404) return undefined;
      throw err;
    });
    if (row?.type !== type) throw missing();
    return row;
  };

  app.get(
    path,
    {
      schema: { tags, querystring: listResourcesQuery.omit({ type: true }), response: { 200: resourcePageSchema } },
      preHandler: read,
    },
    async (request) => {
      const { limit, cursor, ...filters } = request.query;
      return resources.list(request.principal, { ...filters, type }, { limit, cursor });
    },
  );
  app.get(
    `${path}/:id`,
    { schema: { tags, params: idParams, response: { 200: resourceSchema } }, preHandler: read },
    async (request) => ofKind(request, request.params.id),
  );
  app.post(
    path,
    { schema: { tags, body: createBody, response: { 201: resourceSchema } }, preHandler: write },
    async (request, reply) =>
      reply.code(201).send(await resources.create(principalOf(request), { ...request.body, type })),
  );
  app.patch(
    `${path}/:id`,
    {
      schema: { tags, params: idParams, body: patchResourceBody, response: { 200: resourceSchema } },
      preHandler: write,
    },
    async (request) => {
      await ofKind(request, request.params.id);
      return resources.update(principalOf(request), request.params.id, request.body);
    },
  );
  app.delete(
    `${path}/:id`,
    { schema: { tags, params: idParams, response: { 200: successSchema } }, preHandler: write },
    async (request) => {
      await ofKind(request, request.params.id);
      await resources.remove(principalOf(request), request.params.id);
      return { success: true as const };
    },
  );
}
