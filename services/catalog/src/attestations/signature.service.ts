import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, notFound } from '@symbia/kit/errors';
import { CatalogErrorCodes } from '../errors.js';
import type { ResourceService } from '../resources/resource.service.js';
import type { VersionStore } from '../versions/version.store.js';
import { assertMayWithdraw, attestedVersion, displayName } from './attestation-rules.js';
import { decodeBase64, keyFingerprint, SIGNATURE_ALGORITHM, signaturePayload, verifyEd25519 } from './ed25519.js';
import type { SignatureInfo, SignatureStore } from './signature.store.js';

export interface SignInput {
  /** Defaults to the latest version. */
  version?: number;
  algorithm: typeof SIGNATURE_ALGORITHM;
  /** Raw 32-byte Ed25519 public key, base64 or base64url. */
  publicKey: string;
  /** 64-byte Ed25519 signature over `signaturePayload(resourceId, version, contentHash)`, base64 or base64url. */
  signature: string;
}

export interface SignatureService {
  /** `created` is false when this signer had already signed this version with this key (idempotent). */
  sign(
    principal: Principal,
    resourceRef: string,
    input: SignInput,
  ): Promise<{ signature: SignatureInfo; created: boolean }>;
  list(principal: Principal | null, resourceRef: string): Promise<SignatureInfo[]>;
  withdraw(principal: Principal, resourceRef: string, signatureId: string): Promise<void>;
}

const signatureNotFound = () => notFound('Signature not found');
const fieldError = (field: string, message: string) =>
  badRequest(
    `Invalid ${field.slice('body.'.length)}: ${message}`,
    [{ field, message }],
    CatalogErrorCodes.invalidSignature,
  );

/**
 * Signatures are verified when recorded: the caller must hold the `sign` right on the resource and the
 * signature must verify with the given key over the version's signing payload. The catalog vouches for
 * who recorded it and that the bytes verify; whether a key is trusted is the reader's decision, helped by
 * the key fingerprint.
 */
export function createSignatureService(deps: {
  store: SignatureStore;
  resources: ResourceService;
  versions: VersionStore;
}): SignatureService {
  const { store, resources, versions } = deps;
  return {
    async sign(principal, resourceRef, input) {
      const row = await resources.authorize(principal, resourceRef, 'sign');
      const version = await attestedVersion(versions, row.id, input.version);
      const rawKey = decodeBase64(input.publicKey, 32);
      if (!rawKey) throw fieldError('body.publicKey', 'must be a raw 32-byte Ed25519 public key in base64');
      const rawSignature = decodeBase64(input.signature, 64);
      if (!rawSignature) throw fieldError('body.signature', 'must be a 64-byte Ed25519 signature in base64');
      if (!verifyEd25519(rawKey, signaturePayload(row.id, version.version, version.contentHash), rawSignature)) {
        throw fieldError(
          'body.signature',
          `does not verify with publicKey over the signing payload of version ${version.version}`,
        );
      }
      const fingerprint = keyFingerprint(rawKey);
      const inserted = await store.insert({
        id: uuidv7(),
        resourceId: row.id,
        versionId: version.id,
        signerId: principal.id,
        signerName: displayName(principal),
        algorithm: SIGNATURE_ALGORITHM,
        publicKey: rawKey.toString('base64url'),
        keyFingerprint: fingerprint,
        signature: rawSignature.toString('base64url'),
        signedDigest: version.contentHash,
      });
      const stored = inserted ?? (await store.findBySigner(version.id, principal.id, fingerprint))!;
      return { signature: { ...stored, version: version.version }, created: inserted !== undefined };
    },
    async list(principal, resourceRef) {
      // W2: as visible as the resource.
      const row = await resources.get(principal, resourceRef);
      return store.listForResource(row.id);
    },
    async withdraw(principal, resourceRef, signatureId) {
      const row = await resources.get(principal, resourceRef);
      const signature = await store.find(row.id, signatureId);
      if (!signature) throw signatureNotFound();
      assertMayWithdraw(principal, row, signature.signerId, 'sign');
      await store.delete(signature.id);
    },
  };
}
