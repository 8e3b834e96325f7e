import { createHash, createPublicKey, verify } from 'node:crypto';

/** The one algorithm accepted: EdDSA over Ed25519 (RFC 8032), as identity uses for tokens (DESIGN §3). */
export const SIGNATURE_ALGORITHM = 'ed25519';

/**
 * The bytes a signer signs for version `version` of resource `resourceId`: a prefix naming this purpose
 * (so a signature made for something else can never be replayed here), the resource, the version and the
 * version's content hash (SHA-256 of its canonical JSON, returned as `contentHash` by the versions routes).
 */
export function signaturePayload(resourceId: string, version: number, contentHash: string): Buffer {
  return Buffer.from(`symbia-catalog-signature:v1:${resourceId}:${version}:${contentHash}`, 'utf8');
}

/** Standard or URL-safe base64, padded or not; null when it is not exactly `bytes` long. */
export function decodeBase64(value: string, bytes: number): Buffer | null {
  const decoded = Buffer.from(value, 'base64');
  return decoded.length === bytes ? decoded : null;
}

/** SHA-256 hex of the raw public key: how a key is named in lists and in the uniqueness rule. */
export const keyFingerprint = (rawKey: Buffer): string => createHash('sha256').update(rawKey).digest('hex');

/** false for a bad signature and for bytes that are not a valid Ed25519 point. */
export function verifyEd25519(rawKey: Buffer, payload: Buffer, signature: Buffer): boolean {
  try {
    const key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: rawKey.toString('base64url') },
      format: 'jwk',
    });
    return verify(null, payload, key, signature);
  } catch {
    return false;
  }
}
