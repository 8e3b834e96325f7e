import { fetchAsService, type ServiceTokenClient } from '@symbia/auth';
import { AppError } from '@symbia/kit/errors';
import { z } from 'zod';
import { GatewayError } from '../gateway/gateway-error.js';
import type { PropagationHeaders } from '../gateway/caller.js';
import { IntegrationsErrorCodes } from '../errors.js';

/** Identity's resolved credential (identity README, internal credential endpoints); only what we use. */
const vaultCredentialSchema = z.object({
  apiKey: z.string().min(1),
  credentialId: z.string(),
  provider: z.string(),
  metadata: z.record(z.string(), z.unknown()).default({}),
  isProxy: z.boolean(),
  ownerId: z.string(),
  isOrgWide: z.boolean(),
  orgId: z.string().nullable(),
});
export type VaultCredential = z.infer<typeof vaultCredentialSchema>;

export interface VaultClient {
  /** The user's (or agent's) own key for the provider, else the org-wide one of `orgId`; null when none. */
  resolve(
    principalId: string,
    provider: string,
    orgId: string | null,
    headers: PropagationHeaders,
  ): Promise<VaultCredential | null>;
  byId(credentialId: string, headers: PropagationHeaders): Promise<VaultCredential | null>;
}

const VAULT_TIMEOUT_MS = 10_000;

const unavailable = (why: string) =>
  new GatewayError(503, IntegrationsErrorCodes.vaultUnavailable, `The credential vault is unavailable: ${why}`, {
    category: 'internal',
    retryable: true,
  });

/**
 * Reads keys from identity's vault with this service's own service token (cap:identity.credentials.read).
 * The caller's token is never forwarded: identity decides from the ids we pass, and the route has already
 * checked that the org is the caller's.
 */
export function createVaultClient(deps: { identityUrl: string; tokens: ServiceTokenClient | null }): VaultClient {
  const { identityUrl, tokens } = deps;

  const get = async (path: string, headers: PropagationHeaders): Promise<VaultCredential | null> => {
    if (!tokens)
      throw unavailable('INTERNAL_SERVICE_SECRET is not set, so integrations cannot authenticate to identity');
    let res: Response;
    try {
      res = await fetchAsService(tokens, `${identityUrl}${path}`, {
        headers: { ...headers, accept: 'application/json' },
        timeoutMs: VAULT_TIMEOUT_MS,
      });
    } catch (err) {
      // No service token is identity's 503 as it is; anything else is the request itself failing.
      if (err instanceof AppError) throw err;
      throw unavailable('identity did not answer');
    }
    if (res.status === 404) {
      await res.body?.cancel();
      return null;
    }
    if (!res.ok) {
      await res.body?.cancel();
      throw unavailable(`identity answered ${res.status}`);
    }
    const parsed = vaultCredentialSchema.safeParse(await res.json().catch(() => null));
    if (!parsed.success) throw unavailable('identity answered an unexpected credential shape');
    return parsed.data;
  };

  return {
    resolve(principalId, provider, orgId, headers) {
      const query = orgId ? `?orgId=${encodeURIComponent(orgId)}` : '';
      return get(
        `/api/internal/credentials/${encodeURIComponent(principalId)}/${encodeURIComponent(provider)}${query}`,
        headers,
      );
    },
    byId: (credentialId, headers) =>
      get(`/api/internal/credentials/by-id/${encodeURIComponent(credentialId)}`, headers),
  };
}
