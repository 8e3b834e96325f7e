import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '@symbia/kit/errors';
import { IdentityErrorCodes } from '../errors.js';

/** AES-256-GCM at rest (identity.md §9): `<ivHex>:<tagHex>:<ciphertextHex>`, fresh 12-byte IV each time. */
export interface SecretBox {
  seal(plaintext: string): string;
  open(sealed: string): string;
}

const SEALED_SHAPE = /^([0-9a-f]{24,64}):([0-9a-f]{32}):([0-9a-f]*)$/;

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== 32) throw new Error('secret box key must be 32 bytes');
  return {
    seal(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return `${iv.toString('hex')}:${cipher.getAuthTag().toString('hex')}:${ciphertext.toString('hex')}`;
    },
    open(sealed) {
      const match = SEALED_SHAPE.exec(sealed);
      if (!match) throw invalidFormat();
      try {
        // Older rows used 16-byte IVs; GCM accepts any IV length the row carries (§9).
        const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(match[1]!, 'hex'));
        decipher.setAuthTag(Buffer.from(match[2]!, 'hex'));
        return Buffer.concat([decipher.update(Buffer.from(match[3]!, 'hex')), decipher.final()]).toString('utf8');
      } catch {
        // Wrong key or tampered row: the detail would help an attacker, so only the code leaves.
        throw invalidFormat();
      }
    },
  };
}

const invalidFormat = () => new AppError(500, IdentityErrorCodes.invalidCredentialFormat, 'Invalid credential format');
