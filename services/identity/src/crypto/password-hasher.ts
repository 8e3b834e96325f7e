import { hash, verify, type Algorithm } from '@node-rs/argon2';
import type { Argon2Params } from './argon2-params.js';

export interface PasswordHasher {
  hash(password: string): Promise<string>;
  verify(hashed: string, password: string): Promise<boolean>;
  /** Burns the same time as a real verify, so an unknown account is not revealed by a fast answer. */
  verifyDummy(password: string): Promise<void>;
}

// Algorithm is an ambient const enum (unusable under verbatimModuleSyntax); 2 is its Argon2id member.
const ARGON2ID = 2 as Algorithm;

/** argon2id; parameters come from config (OWASP: m=19456 KiB, t=2, p=1 in production). */
export function createPasswordHasher(params: Argon2Params): PasswordHasher {
  const options = {
    algorithm: ARGON2ID,
    memoryCost: params.memoryCost,
    timeCost: params.timeCost,
    parallelism: params.parallelism,
  };
  let dummy: Promise<string> | undefined;
  return {
    hash: (password) => hash(password, options),
    async verify(hashed, password) {
      try {
        return await verify(hashed, password);
      } catch {
        return false;
      }
    },
    async verifyDummy(password) {
      dummy ??= hash('symbia-dummy-password-for-timing', options);
      await verify(await dummy, password).catch(() => false);
    },
  };
}
