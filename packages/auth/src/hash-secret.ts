import { createHash } from 'node:crypto';

/**
 * SHA-256 hex of a credential. Caches key on this so raw tokens and API keys are never kept as map keys
 * (a heap dump then reveals no usable credential). Matches identity's API-key storage hash (DESIGN §6).
 */
export function hashSecret(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}
