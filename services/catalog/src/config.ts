import { TOKEN_AUDIENCE } from '@symbia/auth';
import { ConfigError, loadServiceConfig, type BaseServiceConfig } from '@symbia/kit';
import { z } from 'zod';
import type { RateLimitSettings } from './rate-limits/rate-limiter.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface CatalogSettings {
  databaseUrl: string;
  /** Where identity publishes its JWKS (`<identity>/.well-known/jwks.json`). */
  identityUrl: string;
  /** Must equal identity's IDENTITY_ISSUER; both default to the identity peer URL. */
  issuer: string;
  audience: string;
  /**
   * Proves this service to identity for a service token, used to introspect API keys (DESIGN §6). Without it
   * the catalog accepts JWTs only and answers 401 to API keys.
   */
  internalServiceSecret: string | null;
  /** catalog.md §2 `ARTIFACT_MAX_SIZE_MB` (decoded bytes). */
  artifactMaxBytes: number;
  /**
   * catalog.md §7 buckets. On with the kit's RATE_LIMIT_ENABLED=true (W15), which also turns on the kit's
   * coarse per-address limit; window RATE_LIMIT_WINDOW_MS.
   */
  rateLimits: RateLimitSettings;
}

export type CatalogConfig = BaseServiceConfig & { readonly catalog: Readonly<CatalogSettings> };

export function loadCatalogConfig(env: Env = process.env): CatalogConfig {
  const base = loadServiceConfig({
    serviceId: 'catalog',
    env,
    extend: ({ secret }) => ({
      INTERNAL_SERVICE_SECRET: secret(),
      DATABASE_URL: z.string().url().optional(),
      CATALOG_DATABASE_URL: z.string().url().optional(),
      IDENTITY_ISSUER: z.string().url().optional(),
      ARTIFACT_MAX_SIZE_MB: z.coerce.number().positive().max(512).default(50),
      RATE_LIMIT_WRITE_MAX: z.coerce.number().int().min(1).default(30),
      RATE_LIMIT_SEARCH_MAX: z.coerce.number().int().min(1).default(60),
      RATE_LIMIT_UPLOAD_MAX: z.coerce.number().int().min(1).default(10),
    }),
  });
  const databaseUrl = base.CATALOG_DATABASE_URL ?? base.DATABASE_URL;
  if (!databaseUrl) {
    throw new ConfigError(['DATABASE_URL (or CATALOG_DATABASE_URL) is required; run the platform with `npm start`, which starts embedded PostgreSQL']);
  }
  const catalog: CatalogSettings = {
    databaseUrl,
    identityUrl: base.peers.identity,
    issuer: base.IDENTITY_ISSUER ?? base.peers.identity,
    audience: TOKEN_AUDIENCE,
    internalServiceSecret: base.INTERNAL_SERVICE_SECRET ?? null,
    artifactMaxBytes: Math.floor(base.ARTIFACT_MAX_SIZE_MB * 1_048_576),
    rateLimits: {
      enabled: base.rateLimit !== null,
      windowMs: base.rateLimit?.windowMs ?? 60_000,
      limits: { write: base.RATE_LIMIT_WRITE_MAX, search: base.RATE_LIMIT_SEARCH_MAX, upload: base.RATE_LIMIT_UPLOAD_MAX },
    },
  };
  return Object.freeze({ ...base, catalog: Object.freeze(catalog) }) as CatalogConfig;
}
