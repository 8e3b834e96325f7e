import { z } from 'zod';
import { resourceStatuses, resourceTypes } from '../resources/resource-types.js';

export const searchBody = z
  .object({
    query: z.string().trim().min(1).max(200),
    type: z.enum(resourceTypes).optional(),
    status: z.enum(resourceStatuses).optional(),
    limit: z.number().int().min(1).max(200).default(50),
    cursor: z.string().max(512).optional(),
  })
  .strict();

export const tagsResponse = z.object({ tags: z.array(z.object({ tag: z.string(), count: z.number().int() })) });

/** W17: each field says what it counts; everything is over the rows the caller may read. */
export const statsResponse = z.object({
  totalResources: z.number().int(),
  publishedResources: z.number().int(),
  bootstrapResources: z.number().int(),
  byType: z.record(z.string(), z.number().int()),
});

export const namespaceQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(200),
  cursor: z.string().max(512).optional(),
});

export const namespaceResponse = z.object({
  namespace: z.literal('catalog'),
  version: z.string(),
  resources: z.array(
    z.object({
      id: z.string(),
      type: z.enum(resourceTypes),
      key: z.string(),
      name: z.string(),
      description: z.string().nullable(),
      status: z.enum(resourceStatuses),
      tags: z.array(z.string()),
      metadata: z.record(z.string(), z.unknown()),
    }),
  ),
  nextCursor: z.string().nullable(),
});
