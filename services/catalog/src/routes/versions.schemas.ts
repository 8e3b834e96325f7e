import { z } from 'zod';
import { idParams } from './resources.schemas.js';

export const versionParams = idParams.extend({ version: z.coerce.number().int().min(1).max(2_147_483_647) });

export const publishBody = z.object({ changelog: z.string().trim().min(1).max(10_000).optional() }).strict();

export const versionSchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  version: z.number().int(),
  content: z.record(z.string(), z.unknown()),
  // SHA-256 of the content's canonical JSON: what signatures cover (see POST /api/resources/:id/signatures).
  contentHash: z.string(),
  changelog: z.string(),
  publishedAt: z.date(),
  createdAt: z.date(),
  createdBy: z.string().nullable(),
});
