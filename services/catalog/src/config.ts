import { TOKEN_AUDIENCE } from '@symbia/auth';
import {
  loadServiceConfig,
  platformServiceFields,
  platformServiceSettings,
  type BaseServiceConfig,
  type PlatformServiceSettings,
} from '@symbia/kit';
import { z } from 'zod';
import type { RateLimitSettings } from './rate-limits/rate-limiter.js';

type Env = Readonly<Record<string, string | undefined>>;

export interface CatalogSettings extends PlatformServiceSettings {
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
      ...platformServiceFields('CATALOG', secret),
      ARTIFACT_MAX_SIZE_MB: z.coerce.number().positive().max(512).default(50),
      RATE_LIMIT_WRITE_MAX: z.coerce.number().int().min(1).default(30),
      RATE_LIMIT_SEARCH_MAX: z.coerce.number().int().min(1).default(60),
      RATE_LIMIT_UPLOAD_MAX: z.coerce.number().int().min(1).default(10),
    }),
  });
  const catalog: CatalogSettings = {
    ...platformServiceSettings(base, { prefix: 'CATALOG', audience: TOKEN_AUDIENCE }),
    artifactMaxBytes: Math.floor(base.ARTIFACT_MAX_SIZE_MB * 1_048_576),
    rateLimits: {
      enabled: base.rateLimit !== null,
      windowMs: base.rateLimit?.windowMs ?? 60_000,
      limits: {
        write: base.RATE_LIMIT_WRITE_MAX,
        search: base.RATE_LIMIT_SEARCH_MAX,
        upload: base.RATE_LIMIT_UPLOAD_MAX,
      },
    },
  };
  return Object.freeze({ ...base, catalog: Object.freeze(catalog) }) as CatalogConfig;
}
