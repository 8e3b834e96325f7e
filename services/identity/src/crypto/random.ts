import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const randomHex = (bytes = 32): string => randomBytes(bytes).toString('hex');
export const randomToken = (bytes = 32): string => randomBytes(bytes).toString('base64url');
export const sha256Hex = (value: string): string => createHash('sha256').update(value, 'utf8').digest('hex');

/** Constant-time string equality; lengths are compared first because timingSafeEqual throws on a mismatch. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}
