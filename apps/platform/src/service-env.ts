import { defaultPorts, envPrefix, serviceIds } from '@symbia/kit';
import { platformSecretNames, serviceUrlEnv } from '@symbia/supervisor';
import type { LaunchPlan, PlannedService } from './launch-plan.js';
import type { LauncherSecrets } from './secrets.js';
import { nodeOptionsFor } from './runtime-flags.js';

type Env = Readonly<Record<string, string | undefined>>;

// Only identity creates the first super admin (DESIGN §4); no other process needs the password.
const ADMIN_VARIABLES = ['SYMBIA_ADMIN_EMAIL', 'SYMBIA_ADMIN_PASSWORD'] as const;

/**
 * A service's environment: the launcher's own, the service secrets, DATABASE_URL, NODE_ENV (default
 * development), the service's V8 flags in NODE_OPTIONS (runtime-flags.ts) and `<ID>_SERVICE_URL` for every
 * service id. Services this run starts point at their planned ports; the others keep a URL from the
 * environment or their default port, so `--only` can work against services running elsewhere.
 */
export function buildServiceEnv(input: {
  readonly service: PlannedService;
  readonly plan: LaunchPlan;
  readonly baseEnv: Env;
  readonly secrets: LauncherSecrets;
  readonly databaseUrl: string;
}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { ...input.baseEnv };
  for (const name of platformSecretNames) env[name] = input.secrets.values[name];
  // The embedded PostgreSQL password already travels inside DATABASE_URL.
  delete env.EMBEDDED_POSTGRES_PASSWORD;
  if (input.service.name !== 'identity') for (const name of ADMIN_VARIABLES) delete env[name];
  env.DATABASE_URL = input.databaseUrl;
  env.NODE_ENV = input.baseEnv.NODE_ENV?.trim() || 'development';
  Object.assign(env, serviceUrlEnv(peerUrls(input.plan, input.baseEnv)));
  env.NODE_OPTIONS = nodeOptionsFor(input.service.name, input.baseEnv.NODE_OPTIONS);
  if (
    input.service.name === 'messaging' &&
    !env.DEMO_CHAT_TRUSTED_PROXIES &&
    input.plan.services.some((s) => s.name === 'server')
  ) {
    // The website proxies the chat from this machine; messaging then limits each visitor by the address the
    // website forwards instead of counting every visitor as the website itself.
    env.DEMO_CHAT_TRUSTED_PROXIES = LOOPBACK_ADDRESSES;
  }
  if (
    input.service.name === 'identity' &&
    env.TRUSTED_PROXIES === undefined &&
    input.plan.services.some((s) => s.name === 'server')
  ) {
    // Logins from the browser reach identity through the local website; identity then throttles each client by
    // the address the website forwards, so failures by one visitor never lock out the others. An operator's
    // value (even empty: trust nobody) is kept.
    env.TRUSTED_PROXIES = LOOPBACK_ADDRESSES;
  }
  return env;
}

const LOOPBACK_ADDRESSES = '127.0.0.1,::1,::ffff:127.0.0.1';

function peerUrls(plan: LaunchPlan, baseEnv: Env): Record<string, string> {
  const started = new Map(plan.services.map((service) => [service.name as string, service.url]));
  const urls: Record<string, string> = {};
  for (const id of serviceIds) {
    const configured = baseEnv[`${envPrefix(id)}_SERVICE_URL`]?.trim();
    urls[id] = started.get(id) ?? (configured || `http://127.0.0.1:${defaultPorts[id]}`);
  }
  return urls;
}
