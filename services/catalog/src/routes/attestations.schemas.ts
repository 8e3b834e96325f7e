import { z } from 'zod';
import { SIGNATURE_ALGORITHM } from '../attestations/ed25519.js';
import { idParams } from './resources.schemas.js';

const base64 = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[A-Za-z0-9+/_-]+={0,2}$/, 'must be base64 or base64url');
const versionNumber = z.number().int().min(1).max(2_147_483_647);
const attestationId = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9-]+$/, 'is not an id');

export const signBody = z
  .object({
    version: versionNumber.optional(),
    algorithm: z.literal(SIGNATURE_ALGORITHM, { message: `must be ${SIGNATURE_ALGORITHM}` }),
    publicKey: base64,
    signature: base64,
  })
  .strict();

export const certifyBody = z
  .object({
    version: versionNumber.optional(),
    certificationType: z
      .string()
      .trim()
      .min(1)
      .max(100)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase slug such as security-review'),
    notes: z.string().max(10_000).nullable().optional(),
    expiresAt: z.iso
      .datetime({ offset: true, message: 'must be an ISO-8601 date-time' })
      .transform((v) => new Date(v))
      .nullable()
      .optional(),
  })
  .strict();

export const signatureParams = idParams.extend({ signatureId: attestationId });
export const certificationParams = idParams.extend({ certificationId: attestationId });

export const signatureSchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  signerId: z.string(),
  signerName: z.string().nullable(),
  algorithm: z.string(),
  publicKey: z.string(),
  keyFingerprint: z.string(),
  signature: z.string(),
  signedDigest: z.string(),
  signedAt: z.date(),
});

export const certificationSchema = z.object({
  id: z.string(),
  resourceId: z.string(),
  versionId: z.string(),
  version: z.number().int(),
  certifierId: z.string(),
  certifierName: z.string().nullable(),
  certificationType: z.string(),
  notes: z.string().nullable(),
  certifiedAt: z.date(),
  expiresAt: z.date().nullable(),
  active: z.boolean(),
});
