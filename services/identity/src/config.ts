import { TOKEN_AUDIENCE } from '@symbia/auth';
import {
  ConfigError,
  databaseUrlOf,
  loadServiceConfig,
  missingDatabaseUrl,
  platformServiceFields,
  type BaseServiceConfig,
} from '@symbia/kit';
import { relayServiceSettingsFrom, type RelayServiceSettings } from '@symbia/relay';
import { z } from 'zod';
import type { Argon2Params } from './crypto/argon2-params.js';
import { parseSender, type MailSender } from './mail/password-reset-mailer.js';
import type { SmtpServer } from './mail/smtp-client.js';
import { parseTrustedProxies } from './throttle/trusted-proxies.js';

type Env = Readonly<Record<string, string | undefined>>;

/** Audience of every token identity mints (DESIGN §6: one platform audience). */
export { TOKEN_AUDIENCE };

const int = (fallback: number, min = 1) => z.coerce.number().int().min(min).default(fallback);

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
  /** How long a session found active is trusted without a lookup (0: look up every time); see sessions/session-cache.ts. */
  sessionCacheTtlMs: number;
  admin: { email: string; password: string } | null;
  /** Base of password-reset links (the website). */
  publicBaseUrl: string;
  /** Outgoing mail for password-reset links; null: email disabled (identity.md §4.7). */
  smtp: { server: SmtpServer; from: MailSender } | null;
  /** Proxies whose X-Forwarded-For names the client (addresses or CIDR ranges); empty: the socket peer only. */
  trustedProxies: readonly string[];
  /** Joining the network (network.md §15) and verifying its events (NETWORK_HASH_SECRET; null: none accepted). */
  network: { relay: RelayServiceSettings; hashSecret: string | null };
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
      ...platformServiceFields('IDENTITY', secret),
      CREDENTIAL_ENCRYPTION_KEY: secret(),
      SYMBIA_ADMIN_EMAIL: z.string().trim().toLowerCase().email().optional(),
      SYMBIA_ADMIN_PASSWORD: z.string().min(8).max(1024).optional(),
      ARGON2_MEMORY_KIB: int(19_456, 8),
      ARGON2_TIME_COST: int(2),
      ARGON2_PARALLELISM: int(1),
      ACCESS_TOKEN_TTL_SECONDS: int(900, 30),
      REFRESH_TOKEN_TTL_SECONDS: int(30 * 24 * 3600, 60),
      SERVICE_TOKEN_TTL_SECONDS: int(600, 30),
      SESSION_CACHE_TTL_MS: z.coerce.number().int().min(0).max(60_000).default(2_000),
      PUBLIC_BASE_URL: z.string().url().optional(),
      SMTP_URL: z.string().url().optional(),
      SMTP_FROM: z.string().min(3).max(320).optional(),
      TRUSTED_PROXIES: z.string().optional(),
      NETWORK_HASH_SECRET: secret(),
    }),
  });
  const problems: string[] = [];
  const databaseUrl = databaseUrlOf(base, 'IDENTITY');
  if (!databaseUrl) problems.push(missingDatabaseUrl('IDENTITY'));
  if (!base.INTERNAL_SERVICE_SECRET) problems.push(`INTERNAL_SERVICE_SECRET is required; ${startHint}`);
  const encryptionKey = base.CREDENTIAL_ENCRYPTION_KEY ? parseEncryptionKey(base.CREDENTIAL_ENCRYPTION_KEY) : null;
  if (!base.CREDENTIAL_ENCRYPTION_KEY) problems.push(`CREDENTIAL_ENCRYPTION_KEY is required; ${startHint}`);
  else if (!encryptionKey) problems.push('CREDENTIAL_ENCRYPTION_KEY must be 32 bytes as 64 hex characters or base64');
  const hasEmail = base.SYMBIA_ADMIN_EMAIL !== undefined;
  if (hasEmail !== (base.SYMBIA_ADMIN_PASSWORD !== undefined)) {
    problems.push('SYMBIA_ADMIN_EMAIL and SYMBIA_ADMIN_PASSWORD must be set together');
  }
  const publicBaseUrl = base.PUBLIC_BASE_URL ?? base.peers.server;
  const smtp = base.SMTP_URL === undefined ? null : parseSmtp(base.SMTP_URL, base.SMTP_FROM, publicBaseUrl, problems);
  if (base.SMTP_FROM !== undefined && base.SMTP_URL === undefined)
    problems.push('SMTP_FROM is set but SMTP_URL is not; set SMTP_URL to send password-reset mail');
  const trustedProxies = parseTrustedProxies(base.TRUSTED_PROXIES);
  problems.push(...trustedProxies.problems);
  const relay = relayServiceSettingsFrom(env, { serviceId: 'identity', host: base.host, port: base.port });
  problems.push(...relay.problems);
  if (problems.length > 0) throw new ConfigError(problems);

  const identity: IdentitySettings = {
    databaseUrl: databaseUrl!,
    encryptionKey: encryptionKey!,
    internalServiceSecret: base.INTERNAL_SERVICE_SECRET!,
    issuer: base.IDENTITY_ISSUER ?? base.peers.identity,
    audience: TOKEN_AUDIENCE,
    argon2: {
      memoryCost: base.ARGON2_MEMORY_KIB,
      timeCost: base.ARGON2_TIME_COST,
      parallelism: base.ARGON2_PARALLELISM,
    },
    accessTokenTtlSeconds: base.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: base.REFRESH_TOKEN_TTL_SECONDS,
    serviceTokenTtlSeconds: base.SERVICE_TOKEN_TTL_SECONDS,
    sessionCacheTtlMs: base.SESSION_CACHE_TTL_MS,
    admin: hasEmail ? { email: base.SYMBIA_ADMIN_EMAIL!, password: base.SYMBIA_ADMIN_PASSWORD! } : null,
    publicBaseUrl,
    smtp,
    trustedProxies: Object.freeze(trustedProxies.entries),
    network: Object.freeze({ relay: relay.settings, hashSecret: base.NETWORK_HASH_SECRET ?? null }),
  };
  return Object.freeze({ ...base, identity: Object.freeze(identity) }) as IdentityConfig;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * SMTP_URL: `smtp://[user:pass@]host[:port]` (plain, port 25) or `smtps://…` (TLS, port 465). A password is never
 * sent in clear to another machine: credentials over plain smtp:// are accepted for loopback relays only.
 */
function parseSmtp(
  raw: string,
  rawFrom: string | undefined,
  publicBaseUrl: string,
  problems: string[],
): { server: SmtpServer; from: MailSender } | null {
  const url = new URL(raw);
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    problems.push('SMTP_URL must start with smtp:// or smtps://');
    return null;
  }
  const secure = url.protocol === 'smtps:';
  const auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : null;
  if (auth && !secure && !LOOPBACK.has(url.hostname))
    problems.push('SMTP_URL carries credentials over plain smtp:// to another host; use smtps://');
  const from = parseSender(rawFrom ?? `Symbia <no-reply@${new URL(publicBaseUrl).hostname}>`);
  if (!from) problems.push('SMTP_FROM must be an email address, optionally as "Name <address>"');
  return from
    ? {
        server: {
          host: url.hostname.replace(/^\[|\]$/g, ''),
          port: url.port ? Number(url.port) : secure ? 465 : 25,
          secure,
          auth,
        },
        from,
      }
    : null;
}
