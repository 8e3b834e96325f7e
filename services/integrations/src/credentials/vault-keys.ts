import { GatewayError, invalidField } from '../gateway/gateway-error.js';
import { IntegrationsErrorCodes } from '../errors.js';
import { noKey, type KeySource, type ResolvedKey } from './resolved-key.js';
import type { VaultClient, VaultCredential } from './vault-client.js';

const notConfigured = (provider: string) =>
  new GatewayError(
    401,
    IntegrationsErrorCodes.credentialNotConfigured,
    `No ${provider} API key configured. Add your API key in Settings (credential provider "${provider}").`,
    {
      category: 'auth',
      retryable: false,
    },
  );

// Another principal's credential and a missing one look the same (no existence leak).
const credentialNotFound = () =>
  new GatewayError(404, IntegrationsErrorCodes.credentialNotFound, 'Credential not found', {
    category: 'not_found',
    retryable: false,
  });

function toResolvedKey(credential: VaultCredential, callerId: string): ResolvedKey {
  const baseUrl = credential.metadata.baseUrl;
  if (baseUrl !== undefined && typeof baseUrl !== 'string') {
    throw invalidField(
      'credential.metadata.baseUrl',
      'must be a URL string',
      IntegrationsErrorCodes.outboundUrlNotAllowed,
    );
  }
  return {
    apiKey: credential.apiKey,
    source: credential.isOrgWide ? 'org-wide' : 'personal',
    credentialId: credential.credentialId,
    ownerId: credential.ownerId,
    isProxy: credential.isOrgWide && credential.ownerId !== callerId,
    baseUrl: baseUrl ?? null,
    circuitKey: `cred:${credential.credentialId}`,
  };
}

/**
 * `/api/integrations/execute` (spec §7): the caller's personal key, else their org's org-wide key, from identity's
 * vault. A named `credentialId` must be the caller's own or org-wide in the caller's (verified) org.
 */
export function createVaultKeySource(vault: VaultClient): KeySource {
  return {
    async resolve({ provider, caller, credentialId, headers }) {
      if (!provider.needsCredential) {
        if (credentialId !== undefined)
          throw invalidField('body.credentialId', `is not accepted for ${provider.id}, which needs no key`);
        return noKey;
      }
      if (credentialId !== undefined) {
        const credential = await vault.byId(credentialId, headers);
        if (!credential) throw credentialNotFound();
        const mine = credential.ownerId === caller.id && !credential.isOrgWide;
        const myOrgs = credential.isOrgWide && caller.orgId !== null && credential.orgId === caller.orgId;
        if (!mine && !myOrgs) throw credentialNotFound();
        if (credential.provider !== provider.id)
          throw invalidField('body.credentialId', `is a ${credential.provider} credential, not ${provider.id}`);
        return toResolvedKey(credential, caller.id);
      }
      const credential = await vault.resolve(caller.id, provider.id, caller.orgId, headers);
      if (!credential) throw notConfigured(provider.id);
      return toResolvedKey(credential, caller.id);
    },
  };
}
