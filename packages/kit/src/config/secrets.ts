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

/**
 * Whether a value is too regular to be a random secret, whatever its length (issue 16: `abab…` passed the length
 * check). Refused: fewer than 8 distinct characters; a repeated pattern (`abab…`, `0123456789` again and again);
 * a run of equal steps (`abcdef…`, `0246…`); or under 2.5 bits of Shannon entropy per character. Random hex of 16
 * bytes or more, and base64 of 24 bytes or more, pass all four with a wide margin.
 */
export function isLowEntropySecret(value: string): boolean {
  const chars = [...value];
  const length = chars.length;
  if (length === 0) return true;
  const counts = new Map<string, number>();
  for (const char of chars) counts.set(char, (counts.get(char) ?? 0) + 1);
  if (counts.size < 8) return true;
  if (smallestPeriod(chars) <= length / 2) return true;
  if (mostCommonStep(chars) > length / 2) return true;
  let bitsPerChar = 0;
  for (const count of counts.values()) bitsPerChar -= (count / length) * Math.log2(count / length);
  return bitsPerChar < 2.5;
}

/** The shortest p with value[i] === value[i - p] for every i (KMP failure function). */
function smallestPeriod(chars: readonly string[]): number {
  const failure = new Array<number>(chars.length).fill(0);
  for (let i = 1, k = 0; i < chars.length; i += 1) {
    while (k > 0 && chars[i] !== chars[k]) k = failure[k - 1]!;
    if (chars[i] === chars[k]) k += 1;
    failure[i] = k;
  }
  return chars.length - failure[chars.length - 1]!;
}

/** How often the most frequent difference between neighbouring code points occurs. */
function mostCommonStep(chars: readonly string[]): number {
  const steps = new Map<number, number>();
  let most = 0;
  for (let i = 1; i < chars.length; i += 1) {
    const step = chars[i]!.codePointAt(0)! - chars[i - 1]!.codePointAt(0)!;
    const count = (steps.get(step) ?? 0) + 1;
    steps.set(step, count);
    if (count > most) most = count;
  }
  return most;
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
    .refine((value) => !isKnownWeakSecret(value), 'is a known default or weak value; generate a random one')
    .refine(
      (value) => isKnownWeakSecret(value) || !isLowEntropySecret(value),
      'is too regular to be random (repeated pattern, sequence or low entropy); generate one with `openssl rand -base64 32`',
    );
}
