import { GrantRefusals, verifyServiceTokenRequest } from '@symbia/auth';
import { badRequest, forbidden, unauthorized } from '@symbia/kit/errors';
import type { AuditLog } from '../audit/audit-log.js';
import { CAP_ENTITIES_WRITE } from '../entities/entity-access.js';
import { IdentityErrorCodes } from '../errors.js';
import type { TokenIssuer } from '../tokens/token-issuer.js';

/** Capabilities every platform service gets, plus the ones only some need (least privilege). */
export const CAP_INTROSPECT = 'cap:identity.introspect';
export const CAP_CREDENTIALS_READ = 'cap:identity.credentials.read';
export const CAP_CREDENTIALS_WRITE = 'cap:identity.credentials.write';
export const CAP_AGENTS_REGISTER = 'cap:identity.agents.register';
/** The catalog's registry rights (catalog README "Access policy"): create platform rows, and publish them. */
export const CAP_REGISTRY_WRITE = 'cap:registry.write';
export const CAP_REGISTRY_PUBLISH = 'cap:registry.publish';
/** DESIGN §6: the only way to act for a user downstream (X-As-User-Id); never held by users, agents or API keys. */
export const CAP_IMPERSONATE = 'cap:impersonate';

/**
 * Capabilities only identity mints, into service tokens (the registry's `service` scope). Granting one to a user, an
 * agent or an API key is refused (400), so a downstream check that forgets `typ === 'service'` still cannot be
 * satisfied by them (admin/grant-policy.ts).
 */
export const reservedCapabilityError = (field: string, capabilities: string[]) =>
  badRequest(
    `Reserved for platform services: ${capabilities.join(', ')}`,
    [{ field, message: 'names a capability only service tokens carry' }],
    GrantRefusals.reserved,
  );

export const serviceCapabilities: Readonly<Record<string, readonly string[]>> = Object.freeze({
  network: [CAP_INTROSPECT, CAP_ENTITIES_WRITE],
  logging: [CAP_INTROSPECT],
  catalog: [CAP_INTROSPECT],
  messaging: [CAP_INTROSPECT],
  runtime: [CAP_INTROSPECT, CAP_CREDENTIALS_READ],
  // assistants joins agents to conversations in messaging on a user's behalf (assistants.md §15, X-As-User-Id).
  assistants: [CAP_INTROSPECT, CAP_AGENTS_REGISTER, CAP_CREDENTIALS_READ, CAP_ENTITIES_WRITE, CAP_IMPERSONATE],
  // integrations posts inbound channel messages to messaging as the connection owner (integrations.md §13.4).
  integrations: [CAP_INTROSPECT, CAP_CREDENTIALS_READ, CAP_CREDENTIALS_WRITE, CAP_IMPERSONATE],
  // models registers its model rows in the catalog by key (PUT /api/resources/:key, models.md §10), published and public.
  models: [CAP_INTROSPECT, CAP_REGISTRY_WRITE, CAP_REGISTRY_PUBLISH],
  server: [CAP_INTROSPECT],
});

export interface ServiceTokenService {
  /** 401 for a bad proof (signature, skew, shape); 403 for a service id identity does not know. */
  issue(body: unknown, clientIp: string | null): Promise<{ token: string; expiresAt: string }>;
}

export function createServiceTokenService(deps: {
  secret: string;
  issuer: TokenIssuer;
  audit: AuditLog;
  ttlSeconds: number;
  clock?: () => number;
}): ServiceTokenService {
  const { secret, issuer, audit, ttlSeconds, clock = Date.now } = deps;
  return {
    async issue(body, clientIp) {
      const serviceId =
        typeof body === 'object' && body !== null ? (body as { serviceId?: unknown }).serviceId : undefined;
      if (!verifyServiceTokenRequest({ body, secret, now: clock() })) {
        await audit.record(
          { type: 'anonymous', ip: clientIp },
          {
            action: 'service.token_refused',
            resource: 'service',
            resourceId: typeof serviceId === 'string' ? serviceId.slice(0, 128) : null,
          },
        );
        throw unauthorized('Invalid service proof', IdentityErrorCodes.invalidServiceProof);
      }
      const capabilities = serviceCapabilities[serviceId as string];
      if (!capabilities) throw forbidden('Unknown service', IdentityErrorCodes.unknownService);
      const issued = await issuer.issue(
        { sub: serviceId as string, typ: 'service', svc: serviceId as string, ent: [...capabilities] },
        ttlSeconds,
      );
      return { token: issued.token, expiresAt: issued.expiresAt.toISOString() };
    },
  };
}
