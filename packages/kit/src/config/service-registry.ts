/** Service ids, default ports and start tiers: the contract of DESIGN.md §1 and libraries.md §1.1. */
export const serviceIds = [
  'identity',
  'network',
  'logging',
  'catalog',
  'integrations',
  'messaging',
  'runtime',
  'assistants',
  'models',
  'server',
] as const;

export type ServiceId = (typeof serviceIds)[number];

export const defaultPorts: Readonly<Record<ServiceId, number>> = Object.freeze({
  server: 5000,
  identity: 5001,
  logging: 5002,
  catalog: 5003,
  assistants: 5004,
  messaging: 5005,
  runtime: 5006,
  integrations: 5007,
  models: 5008,
  network: 5054,
});

/** Start order: a tier starts once every service of the tiers before it is ready. */
export const serviceTiers: Readonly<Record<ServiceId, number>> = Object.freeze({
  identity: 1,
  network: 1,
  logging: 1,
  catalog: 2,
  integrations: 2,
  messaging: 2,
  runtime: 3,
  assistants: 3,
  models: 3,
  server: 4,
});

const UNKNOWN_SERVICE_PORT = 3000;

type Env = Readonly<Record<string, string | undefined>>;

export function envPrefix(id: string): string {
  return id.toUpperCase().replace(/-/g, '_');
}

export function defaultPortOf(id: string): number {
  return (defaultPorts as Record<string, number>)[id] ?? UNKNOWN_SERVICE_PORT;
}

/** `<ID>_PORT` > `PORT` > table default (3000 for unknown ids). */
export function resolveServicePort(id: string, env: Env): number {
  const raw = env[`${envPrefix(id)}_PORT`] ?? env.PORT;
  if (raw === undefined || raw.trim() === '') return defaultPortOf(id);
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(
      `${env[`${envPrefix(id)}_PORT`] !== undefined ? `${envPrefix(id)}_PORT` : 'PORT'} must be a port number (0-65535), got "${raw}"`,
    );
  }
  return port;
}

/** `<ID>_SERVICE_URL`, else `http://localhost:<default port>`, without a trailing slash. */
export function resolveServiceUrl(id: string, env: Env): string {
  const configured = env[`${envPrefix(id)}_SERVICE_URL`];
  if (configured !== undefined && configured.trim() !== '') return configured.trim().replace(/\/+$/, '');
  return `http://localhost:${defaultPortOf(id)}`;
}
