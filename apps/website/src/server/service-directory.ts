/**
 * The backends the website reaches (DESIGN §1, website-and-cli.md A2). Kept free of workspace imports so the
 * Vite config can load it too; the ports are the platform defaults of `@symbia/kit`'s registry.
 */
export const websiteServices = [
  { id: 'identity', port: 5001 },
  { id: 'logging', port: 5002 },
  { id: 'catalog', port: 5003 },
  { id: 'assistants', port: 5004 },
  { id: 'messaging', port: 5005 },
  { id: 'runtime', port: 5006 },
  { id: 'integrations', port: 5007 },
  { id: 'models', port: 5008 },
  { id: 'network', port: 5054 },
] as const;

export type WebsiteServiceId = (typeof websiteServices)[number]['id'];

export interface ServiceTarget {
  readonly id: WebsiteServiceId;
  readonly port: number;
  /** Base URL without a trailing slash. */
  readonly url: string;
}

type Env = Readonly<Record<string, string | undefined>>;

/** `<ID>_SERVICE_URL` (what the launcher and the other services use), else localhost:<default port>. */
export function resolveServiceTargets(env: Env): ServiceTarget[] {
  return websiteServices.map(({ id, port }) => {
    const configured = env[`${id.toUpperCase()}_SERVICE_URL`]?.trim();
    const url = configured ? configured.replace(/\/+$/, '') : `http://localhost:${port}`;
    return { id, port, url };
  });
}

export function isWebsiteServiceId(name: string): name is WebsiteServiceId {
  return websiteServices.some((service) => service.id === name);
}
