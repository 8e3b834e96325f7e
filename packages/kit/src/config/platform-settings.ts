import { z } from 'zod';
import { ConfigError, type BaseServiceConfig } from './load-service-config.js';
import type { SecretOptions } from './secrets.js';

type SecretField = (options?: SecretOptions) => z.ZodType<string | undefined>;

const optionalUrl = z.string().trim().url().optional();
type OptionalUrl = typeof optionalUrl;

/** The variables of a platform service with its own database, identity as its peer and a service secret. */
export type PlatformServiceFields<P extends string> = {
  INTERNAL_SERVICE_SECRET: z.ZodType<string | undefined>;
  DATABASE_URL: OptionalUrl;
  IDENTITY_ISSUER: OptionalUrl;
} & { [K in `${P}_DATABASE_URL`]: OptionalUrl };

export type PlatformServiceValues<P extends string> = {
  INTERNAL_SERVICE_SECRET?: string;
  DATABASE_URL?: string;
  IDENTITY_ISSUER?: string;
} & { [K in `${P}_DATABASE_URL`]?: string };

/** The variables of a platform service that has identity as its peer but no database of its own (network). */
export type PlatformPeerFields = Pick<PlatformServiceFields<string>, 'INTERNAL_SERVICE_SECRET' | 'IDENTITY_ISSUER'>;

/** Spread into `loadServiceConfig`'s `extend`: INTERNAL_SERVICE_SECRET (a secret, production rules) and IDENTITY_ISSUER. */
export function platformPeerFields(secret: SecretField): PlatformPeerFields {
  return { INTERNAL_SERVICE_SECRET: secret(), IDENTITY_ISSUER: optionalUrl };
}

/**
 * Spread into `loadServiceConfig`'s `extend`: INTERNAL_SERVICE_SECRET (a secret, production rules), DATABASE_URL and
 * its per-service alias `<PREFIX>_DATABASE_URL`, and IDENTITY_ISSUER.
 */
export function platformServiceFields<P extends string>(prefix: P, secret: SecretField): PlatformServiceFields<P> {
  return {
    ...platformPeerFields(secret),
    DATABASE_URL: optionalUrl,
    [`${prefix}_DATABASE_URL`]: optionalUrl,
  } as PlatformServiceFields<P>;
}

/** What every platform service reads from those variables. */
export interface PlatformServiceSettings {
  databaseUrl: string;
  /** identity's base URL (`IDENTITY_SERVICE_URL`): JWKS, service tokens, introspection, the revocation feed. */
  identityUrl: string;
  /** Must equal identity's IDENTITY_ISSUER; both default to the identity peer URL. */
  issuer: string;
  audience: string;
  /**
   * Proves this service to identity for a service token (API-key introspection, calls to peers, DESIGN §6). Without
   * it the service accepts JWTs only and answers 401 to API keys.
   */
  internalServiceSecret: string | null;
}

/** `<PREFIX>_DATABASE_URL`, else DATABASE_URL. */
export function databaseUrlOf<P extends string>(values: PlatformServiceValues<P>, prefix: P): string | undefined {
  return (values as Record<string, string | undefined>)[`${prefix}_DATABASE_URL`] ?? values.DATABASE_URL;
}

export function missingDatabaseUrl(prefix: string): string {
  return `DATABASE_URL (or ${prefix}_DATABASE_URL) is required; run the platform with \`npm start\`, which starts embedded PostgreSQL`;
}

/** What a platform service reads from `platformPeerFields`: the identity peer and this service's secret. */
export type PlatformPeerSettings = Omit<PlatformServiceSettings, 'databaseUrl'>;

/** The settings of `platformPeerFields`. */
export function platformPeerSettings(
  base: BaseServiceConfig & { INTERNAL_SERVICE_SECRET?: string; IDENTITY_ISSUER?: string },
  options: { audience: string },
): PlatformPeerSettings {
  return {
    identityUrl: base.peers.identity,
    issuer: base.IDENTITY_ISSUER ?? base.peers.identity,
    audience: options.audience,
    internalServiceSecret: base.INTERNAL_SERVICE_SECRET ?? null,
  };
}

/** The settings of `platformServiceFields`; a missing database URL stops the service with a message naming it. */
export function platformServiceSettings<P extends string>(
  base: BaseServiceConfig & PlatformServiceValues<P>,
  options: { prefix: P; audience: string },
): PlatformServiceSettings {
  const databaseUrl = databaseUrlOf(base, options.prefix);
  if (!databaseUrl) throw new ConfigError([missingDatabaseUrl(options.prefix)]);
  return { databaseUrl, ...platformPeerSettings(base, options) };
}

/** A comma-separated variable as a frozen list: entries trimmed (then `normalise`d), empty ones dropped. */
export function commaSeparated(
  raw: string | undefined,
  normalise: (entry: string) => string = (entry) => entry,
): readonly string[] {
  return Object.freeze(
    (raw ?? '')
      .split(',')
      .map((entry) => normalise(entry.trim()))
      .filter((entry) => entry.length > 0),
  );
}
