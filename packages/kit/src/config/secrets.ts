import { z } from 'zod';

/**
 * Values that have been published in Symbia's history (launcher defaults, docs) or are plain weak.
 * A production process refuses them outright (platform.md W9).
 */
const knownWeakSecrets = new Set(
  [
    'symbia-replit-dev-secret',
    'symbia-local-dev-secret',
    'symbia-dev-secret-change-in-production',
    'symbia-network-dev-only',
    'symbia-network-replit-secret',
    'symbia-network-local-secret',
    'symbia-network-dev-secret',
    'symbia-replit-network-secret-v1',
    'symbia-internal-dev-secret',
    'dev-secret-key-32chars-minimum!!',
    'dev-encryption-key-change-in-production',
    'symbia-agent-dev-secret-32chars-min!!',
    'password',
    'password123',
    'changeme',
    'change-me',
    'secret',
    'test',
    'admin',
  ].map((value) => value.toLowerCase()),
);

export function isKnownWeakSecret(value: string): boolean {
  const normalised = value.trim().toLowerCase();
  if (knownWeakSecrets.has(normalised)) return true;
  // One repeated character ("aaaa…", "0000…") has no entropy whatever its length.
  return normalised.length > 0 && new Set(normalised).size === 1;
}

export interface SecretOptions {
  /** Minimum length in production (default 32). */
  minLength?: number;
}

/**
 * A secret env var: optional outside production (the launcher generates dev values), required and strong in
 * production. Use with `loadServiceConfig`, which knows whether it is production.
 */
export function secretSchema(production: boolean, options: SecretOptions = {}) {
  const minLength = options.minLength ?? 32;
  const base = z.string().trim();
  if (!production) return base.min(1).optional();
  return base
    .min(minLength, `must be at least ${minLength} characters in production`)
    .refine((value) => !isKnownWeakSecret(value), 'is a known default or weak value; generate a random one');
}
