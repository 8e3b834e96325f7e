import { optionalAuth, requireAuth, principalOf } from '@symbia/auth';
import type { ServiceApp } from '@symbia/kit';
import { z } from 'zod';
import type { CertificationService } from '../attestations/certification.service.js';
import type { SignatureService } from '../attestations/signature.service.js';
import {
  certificationParams,
  certificationSchema,
  certifyBody,
  signatureParams,
  signatureSchema,
  signBody,
} from './attestations.schemas.js';
import type { RateLimitGuards } from './rate-limit-guard.js';
import { idParams, successSchema } from './resources.schemas.js';

/**
 * catalog.md §3.2, §8.3: signatures and certifications of a resource's versions. Reading follows the
 * resource's read check (W2); recording needs its `sign` / `certify` right (§6.3).
 */
export function registerAttestationRoutes(
  app: ServiceApp,
  deps: { signatures: SignatureService; certifications: CertificationService; limits: RateLimitGuards },
): void {
  const { signatures, certifications, limits } = deps;
  const tags = ['attestations'];
  const read = [optionalAuth, limits.search];
  const write = [requireAuth, limits.write];

  app.get(
    '/api/resources/:id/signatures',
    { schema: { tags, params: idParams, response: { 200: z.array(signatureSchema) } }, preHandler: read },
    async (request) => signatures.list(request.principal, request.params.id),
  );
  // 201 for a new signature; 200 with the stored one when the same signer already signed the version with that key.
  app.post(
    '/api/resources/:id/signatures',
    {
      schema: { tags, params: idParams, body: signBody, response: { 200: signatureSchema, 201: signatureSchema } },
      preHandler: write,
    },
    async (request, reply) => {
      const { signature, created } = await signatures.sign(principalOf(request), request.params.id, request.body);
      return reply.code(created ? 201 : 200).send(signature);
    },
  );
  app.delete(
    '/api/resources/:id/signatures/:signatureId',
    { schema: { tags, params: signatureParams, response: { 200: successSchema } }, preHandler: write },
    async (request) => {
      await signatures.withdraw(principalOf(request), request.params.id, request.params.signatureId);
      return { success: true as const };
    },
  );

  app.get(
    '/api/resources/:id/certifications',
    { schema: { tags, params: idParams, response: { 200: z.array(certificationSchema) } }, preHandler: read },
    async (request) => certifications.list(request.principal, request.params.id),
  );
  app.post(
    '/api/resources/:id/certifications',
    {
      schema: { tags, params: idParams, body: certifyBody, response: { 201: certificationSchema } },
      preHandler: write,
    },
    async (request, reply) =>
      reply.code(201).send(await certifications.certify(principalOf(request), request.params.id, request.body)),
  );
  app.delete(
    '/api/resources/:id/certifications/:certificationId',
    {
      schema: { tags, params: certificationParams, response: { 200: successSchema } },
      preHandler: write,
    },
    async (request) => {
      await certifications.withdraw(principalOf(request), request.params.id, request.params.certificationId);
      return { success: true as const };
    },
  );
}
