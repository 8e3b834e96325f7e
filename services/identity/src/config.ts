import { ConfigError, loadServiceConfig, type BaseServiceConfig } from '@symbia/kit';
import { z } from 'zod';

type Env = Readonly<Record<string, string | undefined>>;

/** Audience of every token identity mints (DESIGN §6: one platform audience). */
export const TOKEN_AUDIENCE = 'symbia';

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

export interface Argon2Params {
  memoryCost: number;
  timeCost: number;
  parallelism: number;
}

export interface IdentitySettings {
  databaseUrl: string;
  /** 32 bytes for AES-256-GCM (vault, signing keys at rest). */
  encryptionKey: Buffer;
  internalServiceSecret: string;
  issuer: string;
  audience: string;
  argon2: Argon2Params;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  serviceTokenTtlSeconds: number;
  admin: { email: string; password: string } | null;
  /** Base of password-reset links (the website). */
  publicBaseUrl: string;
}

export type IdentityConfig = BaseServiceConfig & { readonly identity: Readonly<IdentitySettings> };

/** Accepts 64 hex chars or base64 of exactly 32 bytes (W4: no padding, truncation or constant fallback). */
export function parseEncryptionKey(raw: string): Buffer | null {
  const value = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(value)) return Buffer.from(value, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  return null;
}

const startHint = 'run the platform with `npm start`, which generates it into .symbia/secrets.env';

export function loadIdentityConfig(env: Env = process.env): IdentityConfig {
  const base = loadServiceConfig({
    serviceId: 'identity',
    env,
    extend: ({ secret }) => ({
      DATABASE_URL: z.string().url().optional(),
      IDENTITY_DATABASE_URL: z.string().url().optional(),
      INTERNAL_SERVICE_SECRET: secret(),
      CREDENTIAL_ENCRYPTION_KEY: secret(),
      IDENTITY_ISSUER: z.string().url().optional(),
      SYMBIA_ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional(),
      SYMBIA_ADMIN_PASSWORD: z.string().min(8).max(1024).optional(),
      ARGON2_MEMORY_KIB: int(19_456, 8),
      ARGON2_TIME_COST: int(2),
      ARGON2_PARALLELISM: int(1),
      ACCESS_TOKEN_TTL_SECONDS: int(900, 30),
      REFRESH_TOKEN_TTL_SECONDS: int(30 * 24 * 3600, 60),
      SERVICE_TOKEN_TTL_SECONDS: int(600, 30),
      PUBLIC_BASE_URL: z.string().url().optional(),
    }),
  });
  const problems: string[] = [];
  const databaseUrl = base.IDENTITY_DATABASE_URL ?? base.DATABASE_URL;
  if (!databaseUrl) problems.push('DATABASE_URL (or IDENTITY_DATABASE_URL) is required; run the platform with `npm start`, which starts embedded PostgreSQL');
  if (!base.INTERNAL_SERVICE_SECRET) problems.push(`INTERNAL_SERVICE_SECRET is required; ${startHint}`);
  const encryptionKey = base.CREDENTIAL_ENCRYPTION_KEY ? parseEncryptionKey(base.CREDENTIAL_ENCRYPTION_KEY) : null;
  if (!base.CREDENTIAL_ENCRYPTION_KEY) problems.push(`CREDENTIAL_ENCRYPTION_KEY is required; ${startHint}`);
  else if (!encryptionKey) problems.push('CREDENTIAL_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64');
  const hasEmail = base.SYMBIA_ADMIN_EMAIL !== undefined;
  if (hasEmail !== (base.SYMBIA_ADMIN_PASSWORD !== undefined)) {
    problems.push('SYMBIA_ADMIN_EMAIL and SYMBIA_ADMIN_PASSWORD must be set together');
  }
  if (problems.length > 0) throw new ConfigError(problems);

  const identity: IdentitySettings = {
    databaseUrl: databaseUrl!,
    encryptionKey: encryptionKey!,
    internalServiceSecret: base.INTERNAL_SERVICE_SECRET!,
    issuer: base.IDENTITY_ISSUER ?? base.peers.identity,
    audience: TOKEN_AUDIENCE,
    argon2: { memoryCost: base.ARGON2_MEMORY_KIB, timeCost: base.ARGON2_TIME_COST, parallelism: base.ARGON2_PARALLELISM },
    accessTokenTtlSeconds: base.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: base.REFRESH_TOKEN_TTL_SECONDS,
    serviceTokenTtlSeconds: base.SERVICE_TOKEN_TTL_SECONDS,
    admin: hasEmail ? { email: base.SYMBIA_ADMIN_EMAIL!, password: base.SYMBIA_ADMIN_PASSWORD! } : null,
    publicBaseUrl: base.PUBLIC_BASE_URL ?? base.peers.server,
  };
  return Object.freeze({ ...base, identity: Object.freeze(identity) }) as IdentityConfig;
}
