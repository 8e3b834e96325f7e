export type ProbeStatus = 'healthy' | 'unhealthy' | 'unreachable';

export interface ServiceHealth {
  service: string;
  serviceId: string;
  url: string;
  status: ProbeStatus;
  statusCode?: number;
  error?: string;
}

export interface PlatformHealth {
  platform: 'healthy' | 'degraded';
  summary: string;
  services: ServiceHealth[];
  timestamp: string;
}

const displayName = (id: string) => id.charAt(0).toUpperCase() + id.slice(1);

/**
 * network.md §11: `GET <url>/health` of each peer with a timeout, in parallel. 2xx is healthy, any other answer
 * unhealthy, no answer (refused, timed out) unreachable.
 */
export function createPlatformHealth(peers: Readonly<Record<string, string>>, timeoutMs: number) {
  const probe = async (serviceId: string, url: string): Promise<ServiceHealth> => {
    const entry = { service: displayName(serviceId), serviceId, url };
    try {
      const res = await fetch(`${url}/health`, { signal: AbortSignal.timeout(timeoutMs), redirect: 'manual' });
      await res.body?.cancel().catch(() => undefined);
      return { ...entry, status: res.ok ? 'healthy' : 'unhealthy', statusCode: res.status };
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      return {
        ...entry,
        status: 'unreachable',
        error: timedOut ? `No answer within ${timeoutMs} ms` : 'Connection failed',
      };
    }
  };
  return {
    async check(now: () => Date = () => new Date()): Promise<PlatformHealth> {
      const services = await Promise.all(Object.entries(peers).map(([id, url]) => probe(id, url)));
      const healthy = services.filter((s) => s.status === 'healthy').length;
      return {
        platform: healthy === services.length ? 'healthy' : 'degraded',
        summary: `${healthy}/${services.length} services healthy`,
        services,
        timestamp: now().toISOString(),
      };
    },
  };
}
