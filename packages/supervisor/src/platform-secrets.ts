import { randomBytes } from 'node:crypto';

/**
 * Secrets every Symbia service process may read (DESIGN §6, platform.md §2.1). The launcher and the test
 * harness generate fresh random values for them; no value is ever a constant in the code (platform.md W9).
 */
export const platformSecretNames = [
  'INTERNAL_SERVICE_SECRET',
  'CREDENTIAL_ENCRYPTION_KEY',
  'NETWORK_HASH_SECRET',
  'SESSION_SECRET',
] as const;

export type PlatformSecretName = (typeof platformSecretNames)[number];

/** One random value in the shape the secret needs: the AES-256-GCM key is exactly 32 bytes, base64. */
export function generatePlatformSecret(name: PlatformSecretName): string {
  if (name === 'CREDENTIAL_ENCRYPTION_KEY') return randomBytes(32).toString('base64');
  return randomBytes(48).toString('base64url');
}

export function generatePlatformSecrets(): Record<PlatformSecretName, string> {
  return Object.fromEntries(platformSecretNames.map((name) => [name, generatePlatformSecret(name)])) as Record<
    PlatformSecretName,
    string
  >;
}
