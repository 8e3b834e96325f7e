import type { PlatformKeys } from '../config.js';
import { GatewayError, invalidField } from '../gateway/gateway-error.js';
import type { ProviderId } from '../gateway/normalized.js';
import { IntegrationsErrorCodes } from '../errors.js';
import { noKey, type KeySource } from './resolved-key.js';

/** The variables an operator sets for each provider's platform key (named in the missing-key error). */
export const platformKeyVariables: Readonly<Record<Exclude<ProviderId, 'symbia-labs'>, string>> = Object.freeze({
  huggingface: 'HUGGINGFACE_API_KEY (or HUGGINGFACE_TOKEN)',
  openai: 'OPENAI_API_KEY',
  anthropic: 'ANTHROPIC_API_KEY',
});

/** `/api/internal/execute` (spec §9): the platform's env keys, never the vault. */
export function createPlatformKeySource(keys: Readonly<PlatformKeys>): KeySource {
  return {
    async resolve({ provider, credentialId }) {
      // W22: a credentialId is honoured or rejected, never silently ignored.
      if (credentialId !== undefined)
        throw invalidField('body.credentialId', 'is not accepted on internal execute, which uses the platform keys');
      if (!provider.needsCredential) return noKey;
      const id = provider.id as keyof typeof platformKeyVariables;
      const apiKey = keys[id];
      if (!apiKey) {
        throw new GatewayError(
          400,
          IntegrationsErrorCodes.providerKeyMissing,
          `No API key configured for provider: ${id}. Set ${platformKeyVariables[id]} in the integrations service environment.`,
          {
            category: 'validation',
            retryable: false,
            provider: provider.id,
          },
        );
      }
      return {
        apiKey,
        source: 'platform',
        credentialId: null,
        ownerId: null,
        isProxy: false,
        baseUrl: null,
        circuitKey: 'platform',
      };
    },
  };
}
