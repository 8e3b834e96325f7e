import type { ServiceTarget, WebsiteServiceId } from './service-directory.js';

export type ServiceState = 'online' | 'degraded' | 'offline';

export interface ServiceHealth {
  readonly name: WebsiteServiceId;
  readonly port: number;
  readonly state: ServiceState;
  /** Round trip of the readiness call in ms; absent when nothing answered. */
  readonly latencyMs?: number;
  /** A short reason for anything but online ("not running", "timed out after 1500 ms", "HTTP 503"). */
  readonly detail?: string;
}

export interface CatalogStats {
  readonly totalAssistants: number;
  readonly totalIntegrations: number;
  readonly totalResources: number;
}

export interface PlatformStatus {
  readonly checkedAt: string;
  readonly services: readonly ServiceHealth[];
  readonly stats?: CatalogStats;
}

export interface PlatformStatusDeps {
  readonly targets: readonly ServiceTarget[];
  /** Per check; a down or hung service costs the page at most this long. */
  readonly timeoutMs: number;
  /** Answers are shared for this long so many open pages cost one round of checks. */
  readonly cacheMs: number;
  readonly now?: () => number;
}

export interface PlatformStatusReader {
  read(): Promise<PlatformStatus>;
}

export function createPlatformStatusReader(deps: PlatformStatusDeps): PlatformStatusReader {
  const now = deps.now ?? Date.now;
  let cached: { at: number; value: Promise<PlatformStatus> } | undefined;
  return {
    read() {
      if (cached !== undefined && now() - cached.at < deps.cacheMs) return cached.value;
      const value = collectStatus(deps.targets, deps.timeoutMs);
      cached = { at: now(), value };
      return value;
    },
  };
}

async function collectStatus(targets: readonly ServiceTarget[], timeoutMs: number): Promise<PlatformStatus> {
  const services = await Promise.all(targets.map((target) => checkService(target, timeoutMs)));
  const catalog = targets.find((target) => target.id === 'catalog');
  const catalogUp = services.some((service) => service.name === 'catalog' && service.state !== 'offline');
  const stats = catalog !== undefined && catalogUp ? await readCatalogStats(catalog.url, timeoutMs) : undefined;
  return { checkedAt: new Date().toISOString(), services, ...(stats ? { stats } : {}) };
}

/** `GET /health/ready` (the kit's readiness: database and hard dependencies). */
export async function checkService(target: ServiceTarget, timeoutMs: number): Promise<ServiceHealth> {
  const started = performance.now();
  const base = { name: target.id, port: target.port };
  try {
    const res = await fetch(`${target.url}/health/ready`, { signal: AbortSignal.timeout(timeoutMs) });
    await res.body?.cancel();
    const latencyMs = Math.max(1, Math.round(performance.now() - started));
    if (res.ok) return { ...base, state: 'online', latencyMs };
    return { ...base, state: 'degraded', latencyMs, detail: `not ready (HTTP ${res.status})` };
  } catch (error) {
    return { ...base, state: 'offline', detail: describeFailure(error, timeoutMs) };
  }
}

function describeFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutMs} ms`;
  }
  const code = (error as { cause?: { code?: string } }).cause?.code;
  if (code === 'ECONNREFUSED') return 'not running';
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN') return 'host not found';
  return 'unreachable';
}

/** catalog `GET /api/stats` (public counts); the panel shows tiles only when this answers. */
async function readCatalogStats(catalogUrl: string, timeoutMs: number): Promise<CatalogStats | undefined> {
  try {
    const res = await fetch(`${catalogUrl}/api/stats`, { signal: AbortSignal.timeout(timeoutMs) });
    if (!res.ok) return undefined;
    return toCatalogStats(await res.json());
  } catch {
    return undefined;
  }
}

function toCatalogStats(body: unknown): CatalogStats | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const record = body as Record<string, unknown>;
  const byType = (record.byType ?? record.resourcesByType ?? {}) as Record<string, unknown>;
  const count = (...values: unknown[]) => {
    const found = values.find((value) => typeof value === 'number');
    return typeof found === 'number' ? found : 0;
  };
  return {
    totalAssistants: count(record.totalAssistants, byType.assistant),
    totalIntegrations: count(record.totalIntegrations, byType.integration),
    totalResources: count(record.totalResources, record.total),
  };
}
