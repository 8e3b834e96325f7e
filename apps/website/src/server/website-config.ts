import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseTrustedProxies, type TrustedProxies } from './client-address.js';
import { resolveServiceTargets, type ServiceTarget } from './service-directory.js';

export interface WebsiteConfig {
  readonly host: string;
  readonly port: number;
  readonly distDir: string;
  readonly targets: readonly ServiceTarget[];
  readonly statusTimeoutMs: number;
  /** WEBSITE_TRUSTED_PROXIES: proxies in front of the website (addresses or CIDR ranges) whose X-Forwarded-For is kept. */
  readonly trustedProxies: TrustedProxies;
  /** Production never builds: a missing dist/ is an error there; elsewhere a missing or stale build is rebuilt. */
  readonly buildIfStale: boolean;
}

type Env = Readonly<Record<string, string | undefined>>;

export const websiteRoot = fileURLToPath(new URL('../../', import.meta.url));

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new Error(`${name} must be a whole number between ${min} and ${max}, got "${raw}"`);
  }
  return value;
}

/** SERVER_PORT (the launcher's name for the website) > PORT > 5000; HOST defaults to 0.0.0.0 as the dev server. */
export function loadWebsiteConfig(env: Env): WebsiteConfig {
  const portVariable = env.SERVER_PORT?.trim() ? 'SERVER_PORT' : 'PORT';
  return Object.freeze({
    host: env.HOST?.trim() || '0.0.0.0',
    port: integer(env, portVariable, 5000, 0, 65535),
    distDir: env.WEBSITE_DIST_DIR?.trim() || path.join(websiteRoot, 'dist'),
    targets: resolveServiceTargets(env),
    statusTimeoutMs: integer(env, 'WEBSITE_STATUS_TIMEOUT_MS', 1500, 100, 30_000),
    trustedProxies: parseTrustedProxies(env.WEBSITE_TRUSTED_PROXIES, 'WEBSITE_TRUSTED_PROXIES'),
    buildIfStale: env.NODE_ENV !== 'production',
  });
}
