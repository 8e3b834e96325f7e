import { z } from 'zod';
import { allowedMimeTypes } from '../artifacts/mime-sniff.js';

export const uploadBody = z
  .object({
    name: z
      .string()
      .trim()
      .min(1)
      .max(255)
      .regex(/^[^\\/\0]+$/, 'must be a file name, not a path'),
    type: z.enum(allowedMimeTypes, { message: 'is not an allowed file type' }),
    content: z
      .string()
      .min(1)
      .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64'),
    version: z.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();

/** The raw form: the file is the request body (`application/octet-stream`), its description the query string. */
export const rawUploadQuery = z
  .object({
    name: uploadBody.shape.name,
    type: uploadBody.shape.type,
    version: z.coerce.number().int().min(1).max(2_147_483_647).optional(),
  })
  .strict();

export const listArtifactsQuery = z.object({ version: z.coerce.number().int().min(1).max(2_147_483_647).optional() });

export const artifactSchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  versionId: z.string().nullable(),
  version: z.number().int().nullable(),
  name: z.string(),
  mimeType: z.string(),
  size: z.number().int(),
  checksum: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.date(),
});
