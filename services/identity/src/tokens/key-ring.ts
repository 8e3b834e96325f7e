import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { ConfigError } from '@symbia/kit';
import type { SecretBox } from '../crypto/secret-box.js';
import type { SigningKeyStore } from './signing-key.store.js';

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface ActiveKey {
  kid: string;
  privateKey: CryptoKey;
}

export interface KeyRing {
  /** Loads the published keys, generating the first Ed25519 key on a fresh database. */
  init(): Promise<void>;
  active(): Promise<ActiveKey>;
  jwks(): Promise<{ keys: PublicJwk[] }>;
  /** New key signs from now on; the old ones stay published until their last token has expired. */
  rotate(): Promise<{ kid: string; retired: number }>;
}

export interface KeyRingDeps {
  store: SigningKeyStore;
  box: SecretBox;
  /** Longest lifetime of any token we sign (access or service), in seconds. */
  maxTokenTtlSeconds: number;
  clock?: () => number;
  /** Other replicas pick up a rotation within this interval. */
  reloadIntervalMs?: number;
}

interface LoadedKeys {
  active: ActiveKey;
  published: PublicJwk[];
  loadedAt: number;
}

export function createKeyRing(deps: KeyRingDeps): KeyRing {
  const { store, box, maxTokenTtlSeconds, clock = Date.now, reloadIntervalMs = 30_000 } = deps;
  let loaded: LoadedKeys | undefined;
  let loading: Promise<LoadedKeys> | undefined;

  const generate = async (): Promise<string> => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519', extractable: true });
    const publicJwk = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicJwk);
    const privateJwk = await exportJWK(privateKey);
    await store.insert({
      kid,
      publicJwk: { kty: publicJwk.kty!, crv: publicJwk.crv!, x: publicJwk.x! },
      privateKeyEncrypted: box.seal(JSON.stringify(privateJwk)),
    });
    return kid;
  };

  const load = async (): Promise<LoadedKeys> => {
    let rows = await store.listPublished(new Date(clock()));
    if (!rows.some((r) => r.retiredAt === null)) {
      await generate();
      rows = await store.listPublished(new Date(clock()));
    }
    // Rows are newest first; two replicas generating at once both publish, the newest signs.
    const activeRow = rows.find((r) => r.retiredAt === null)!;
    const privateJwk = JSON.parse(openPrivateKey(box, activeRow.kid, activeRow.privateKeyEncrypted)) as JWK;
    const privateKey = (await importJWK(privateJwk, 'EdDSA')) as CryptoKey;
    const published = rows.map((r) => ({
      ...(r.publicJwk as { kty: string; crv: string; x: string }),
      kid: r.kid,
      alg: 'EdDSA' as const,
      use: 'sig' as const,
    }));
    return { active: { kid: activeRow.kid, privateKey }, published, loadedAt: clock() };
  };

  const current = async (): Promise<LoadedKeys> => {
    if (loaded && clock() - loaded.loadedAt < reloadIntervalMs) return loaded;
    loading ??= load().finally(() => (loading = undefined));
    const next = await loading;
    loaded = next;
    return next;
  };

  return {
    async init() {
      await current();
    },
    active: async () => (await current()).active,
    jwks: async () => ({ keys: (await current()).published }),
    async rotate() {
      const kid = await generate();
      // Tokens signed by a replica that has not reloaded yet live up to reload interval + token TTL.
      const publishUntil = new Date(clock() + reloadIntervalMs + maxTokenTtlSeconds * 1000 + 60_000);
      const retired = await store.retireOthers(kid, publishUntil);
      loaded = undefined;
      await current();
      return { kid, retired };
    },
  };
}

/**
 * The private signing key as stored. A key that does not open means this database was set up with another
 * CREDENTIAL_ENCRYPTION_KEY (typically a second checkout, with its own generated secrets, pointed at the same
 * DATABASE_URL); identity cannot sign anything then, so start-up stops with that cause rather than a generic one.
 */
function openPrivateKey(box: SecretBox, kid: string, sealed: string): string {
  try {
    return box.open(sealed);
  } catch {
    throw new ConfigError([
      `CREDENTIAL_ENCRYPTION_KEY does not open the signing key ${kid} stored in this database: the database was set up ` +
        'with a different key. Start identity with the CREDENTIAL_ENCRYPTION_KEY it was created with, or point DATABASE_URL at another database.',
    ]);
  }
}
