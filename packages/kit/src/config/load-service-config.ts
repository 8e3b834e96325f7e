import { z } from 'zod';
import { resolveServicePort, resolveServiceUrl, serviceIds, type ServiceId } from './service-registry.js';
import { secretSchema, type SecretOptions } from './secrets.js';

type Env = Readonly<Record<string, string | undefined>>;

const nodeEnvSchema = z.enum(['development', 'test', 'production']).default('development');
const logLevelSchema = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']);

export interface BaseServiceConfig {
  readonly serviceId: string;
  readonly version: string;
  readonly nodeEnv: 'development' | 'test' | 'production';
  readonly isProduction: boolean;
  readonly host: string;
  readonly port: number;
  readonly logLevel: z.infer<typeof logLevelSchema>;
  readonly corsAllowedOrigins: readonly string[];
  readonly bodyLimitBytes: number;
  readonly shutdownDelayMs: number;
  readonly shutdownTimeoutMs: number;
  /** Request-level limit per client address; null when RATE_LIMIT_ENABLED is not `true`. */
  readonly rateLimit: { readonly windowMs: number; readonly max: number } | null;
  /** `<ID>_SERVICE_URL`, else `http://localhost:<default port>`. */
  readonly peers: Readonly<Record<ServiceId, string>>;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export interface LoadServiceConfigOptions<TShape extends z.ZodRawShape> {
  serviceId: string;
  version?: string;
  env?: Env;
  /**
   * Extra variables of this service. Receives helpers so secrets get the production rules.
   * Keys are the env var names; the parsed values are returned under the same names.
   */
  extend?: (helpers: {
    production: boolean;
    secret: (options?: SecretOptions) => z.ZodType<string | undefined>;
  }) => TShape;
}

const positiveInt = (fallback: number) => z.coerce.number().int().nonnegative().default(fallback);

const baseShape = {
  NODE_ENV: nodeEnvSchema,
  HOST: z.string().trim().min(1).default('0.0.0.0'),
  LOG_LEVEL: logLevelSchema.optional(),
  CORS_ALLOWED_ORIGINS: z.string().optional(),
  CORS_ORIGINS: z.string().optional(),
  BODY_LIMIT_BYTES: positiveInt(1_048_576),
  SHUTDOWN_DELAY_MS: positiveInt(0),
  SHUTDOWN_TIMEOUT_MS: positiveInt(10_000),
  RATE_LIMIT_ENABLED: z.enum(['true', 'false']).default('false'),
  RATE_LIMIT_WINDOW_MS: z.coerce.number().int().min(100).default(60_000),
  RATE_LIMIT_MAX_REQUESTS: z.coerce.number().int().min(1).default(100),
};

function parseOrigins(raw: string | undefined): string[] {
  if (!raw) return [];
  return raw
    .split(',')
    .map((origin) => origin.trim().replace(/\/+$/, ''))
    .filter((origin) => origin.length > 0);
}

function formatIssues(error: z.ZodError): string[] {
  return error.issues.map((issue) => `${issue.path.join('.') || '(root)'} ${issue.message}`);
}

/**
 * Parses the environment once (STYLE 10). A bad value throws a ConfigError naming each variable;
 * `runService` prints it and exits non-zero.
 */
export function loadServiceConfig<TShape extends z.ZodRawShape = Record<never, never>>(
  options: LoadServiceConfigOptions<TShape>,
): BaseServiceConfig & Readonly<z.infer<z.ZodObject<TShape>>> {
  const env = options.env ?? process.env;
  const production = env.NODE_ENV === 'production';
  const extraShape = options.extend?.({ production, secret: (o) => secretSchema(production, o) }) ?? ({} as TShape);
  const parsed = z.object({ ...baseShape, ...extraShape }).safeParse(env);
  const problems: string[] = parsed.success ? [] : formatIssues(parsed.error);

  let port = 0;
  try {
    port = resolveServicePort(options.serviceId, env);
  } catch (error) {
    problems.push((error as Error).message);
  }
  if (!parsed.success || problems.length > 0) throw new ConfigError(problems);

  const values = parsed.data as Record<string, unknown> & z.infer<z.ZodObject<typeof baseShape>>;
  const peers = Object.fromEntries(serviceIds.map((id) => [id, resolveServiceUrl(id, env)])) as Record<
    ServiceId,
    string
  >;
  const config = {
    ...(values as object),
    serviceId: options.serviceId,
    version: options.version ?? '0.1.0',
    nodeEnv: values.NODE_ENV,
    isProduction: values.NODE_ENV === 'production',
    host: values.HOST,
    port,
    logLevel: values.LOG_LEVEL ?? (values.NODE_ENV === 'test' ? 'warn' : 'info'),
    corsAllowedOrigins: Object.freeze(parseOrigins(values.CORS_ALLOWED_ORIGINS ?? values.CORS_ORIGINS)),
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    shutdownDelayMs: values.SHUTDOWN_DELAY_MS,
    shutdownTimeoutMs: values.SHUTDOWN_TIMEOUT_MS,
    rateLimit:
      values.RATE_LIMIT_ENABLED === 'true'
        ? Object.freeze({ windowMs: values.RATE_LIMIT_WINDOW_MS, max: values.RATE_LIMIT_MAX_REQUESTS })
        : null,
    peers: Object.freeze(peers),
  };
  return Object.freeze(config) as unknown as BaseServiceConfig & Readonly<z.infer<z.ZodObject<TShape>>>;
}
