import { TOKEN_AUDIENCE } from '@symbia/auth';
import {
  commaSeparated,
  loadServiceConfig,
  platformServiceFields,
  platformServiceSettings,
  type BaseServiceConfig,
  type PlatformServiceSettings,
} from '@symbia/kit';
import { z } from 'zod';

type Env = Readonly<Record<string, string | undefined>>;

/** Where each provider is reached. Operator-configured, so trusted (spec §16.3); tests aim them at loopback fakes. */
export interface UpstreamUrls {
  huggingface: string;
  openai: string;
  anthropic: string;
  /** The local models service (`symbia-labs`). */
  models: string;
}

/** Platform keys, used only by `/api/internal/execute` (spec §7). A missing key is null, never a default. */
export interface PlatformKeys {
  huggingface: string | null;
  openai: string | null;
  anthropic: string | null;
}

export interface IntegrationsSettings extends PlatformServiceSettings {
  upstreams: Readonly<UpstreamUrls>;
  platformKeys: Readonly<PlatformKeys>;
  /** Sent as `X-Service-Auth` to the models service when set (models.md §4). */
  modelsServiceSecret: string | null;
  /** Per attempt: wait for response headers, a whole non-streamed body, and each gap between stream chunks. */
  requestTimeoutMs: number;
  maxRetries: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  breakerThreshold: number;
  breakerOpenMs: number;
  rateLimitWindowMs: number;
  /** Requests per window per org (or per user without an org); 0 turns the limit off. */
  rateLimitOrg: number;
  /** Requests per window per calling service without an org. */
  rateLimitService: number;
  /** `host[:port]` entries exempt from the private-address block of the SSRF guard. */
  allowedPrivateHosts: readonly string[];
  /** Body limit of the execute routes (base64 images make them larger than the kit default). */
  executeBodyLimitBytes: number;
}

export type IntegrationsConfig = BaseServiceConfig & { readonly integrations: Readonly<IntegrationsSettings> };

// An empty variable means "not set" (shells and .env files often leave keys blank).
const optionalKey = z
  .string()
  .trim()
  .optional()
  .transform((v) => (v ? v : undefined));
const upstreamUrl = (fallback: string) => z.string().trim().url().default(fallback);
const count = (fallback: number, max: number) => z.coerce.number().int().min(0).max(max).default(fallback);

const stripSlash = (url: string) => url.replace(/\/+$/, '');

export function loadIntegrationsConfig(env: Env = process.env): IntegrationsConfig {
  const base = loadServiceConfig({
    serviceId: 'integrations',
    env,
    extend: ({ secret }) => ({
      ...platformServiceFields('INTEGRATIONS', secret),
      HUGGINGFACE_BASE_URL: upstreamUrl('https://router.huggingface.co'),
      OPENAI_BASE_URL: upstreamUrl('https://api.openai.com/v1'),
      ANTHROPIC_BASE_URL: upstreamUrl('https://api.anthropic.com/v1'),
      HUGGINGFACE_API_KEY: optionalKey,
      HUGGINGFACE_TOKEN: optionalKey,
      OPENAI_API_KEY: optionalKey,
      ANTHROPIC_API_KEY: optionalKey,
      MODELS_SERVICE_SECRET: optionalKey,
      LLM_REQUEST_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(60_000),
      LLM_MAX_RETRIES: count(2, 10),
      LLM_RETRY_BASE_MS: count(250, 60_000),
      LLM_RETRY_MAX_DELAY_MS: count(5_000, 120_000),
      CIRCUIT_BREAKER_THRESHOLD: z.coerce.number().int().min(1).max(1000).default(5),
      CIRCUIT_BREAKER_OPEN_MS: z.coerce.number().int().min(100).max(3_600_000).default(30_000),
      // Same variable as the kit's per-address limiter: one window length for every limit of this service.
      RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).max(86_400_000).default(60_000),
      RATE_LIMIT_ORG: count(600, 10_000_000),
      RATE_LIMIT_SERVICE: count(6_000, 1_000_000_000),
      INTEGRATIONS_ALLOWED_PRIVATE_HOSTS: z.string().optional(),
      INTEGRATIONS_BODY_LIMIT_BYTES: z.coerce
        .number()
        .int()
        .min(1024)
        .max(50 * 1_048_576)
        .default(10 * 1_048_576),
    }),
  });
  const settings: IntegrationsSettings = {
    ...platformServiceSettings(base, { prefix: 'INTEGRATIONS', audience: TOKEN_AUDIENCE }),
    upstreams: Object.freeze({
      huggingface: stripSlash(base.HUGGINGFACE_BASE_URL),
      openai: stripSlash(base.OPENAI_BASE_URL),
      anthropic: stripSlash(base.ANTHROPIC_BASE_URL),
      models: stripSlash(base.peers.models),
    }),
    platformKeys: Object.freeze({
      // The issue names HUGGINGFACE_TOKEN as the fallback (it is what the HuggingFace CLI uses).
      huggingface: base.HUGGINGFACE_API_KEY ?? base.HUGGINGFACE_TOKEN ?? null,
      openai: base.OPENAI_API_KEY ?? null,
      anthropic: base.ANTHROPIC_API_KEY ?? null,
    }),
    modelsServiceSecret: base.MODELS_SERVICE_SECRET ?? null,
    requestTimeoutMs: base.LLM_REQUEST_TIMEOUT_MS,
    maxRetries: base.LLM_MAX_RETRIES,
    retryBaseMs: base.LLM_RETRY_BASE_MS,
    retryMaxDelayMs: base.LLM_RETRY_MAX_DELAY_MS,
    breakerThreshold: base.CIRCUIT_BREAKER_THRESHOLD,
    breakerOpenMs: base.CIRCUIT_BREAKER_OPEN_MS,
    rateLimitWindowMs: base.RATE_LIMIT_WINDOW_MS,
    rateLimitOrg: base.RATE_LIMIT_ORG,
    rateLimitService: base.RATE_LIMIT_SERVICE,
    allowedPrivateHosts: commaSeparated(base.INTEGRATIONS_ALLOWED_PRIVATE_HOSTS, (host) => host.toLowerCase()),
    executeBodyLimitBytes: base.INTEGRATIONS_BODY_LIMIT_BYTES,
  };
  return Object.freeze({ ...base, integrations: Object.freeze(settings) }) as IntegrationsConfig;
}
