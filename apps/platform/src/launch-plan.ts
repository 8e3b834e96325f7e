import { defaultPorts, envPrefix, serviceIds, type ServiceId } from '@symbia/kit';
import { groupByTier } from '@symbia/supervisor';
import type { DiscoveredService } from './discover-services.js';
import { isServiceId } from './discover-services.js';
import { parsePort } from './launcher-config.js';

export interface PlannedService extends DiscoveredService {
  readonly port: number;
  /** The variable that moves this service's port, named in "port in use" messages. */
  readonly portVariable: string;
  /** How peers reach it (`<ID>_SERVICE_URL`) and where readiness is polled. */
  readonly url: string;
  /** How a person opens it in a browser. */
  readonly displayUrl: string;
}

export interface LaunchPlan {
  /** Lowest tier first; a tier starts once every service of the tiers before it is ready. */
  readonly tiers: readonly (readonly PlannedService[])[];
  readonly services: readonly PlannedService[];
}

/** The command line asked for something that cannot be planned; the launcher exits 2 with the message. */
export class LaunchPlanError extends Error {
  override readonly name = 'LaunchPlanError';
}

export interface BuildLaunchPlanInput {
  readonly discovered: readonly DiscoveredService[];
  readonly only?: readonly string[];
  readonly env: Readonly<Record<string, string | undefined>>;
}

export function buildLaunchPlan(input: BuildLaunchPlanInput): LaunchPlan {
  const selected = input.only === undefined ? input.discovered : selectOnly(input.discovered, input.only);
  const services = selected.map((service) => planService(service, input.env));
  assertDistinctPorts(services);
  return { tiers: groupByTier(services, (service) => service.tier), services };
}

function selectOnly(discovered: readonly DiscoveredService[], only: readonly string[]): DiscoveredService[] {
  const unknown = only.filter((name) => !isServiceId(name));
  if (unknown.length > 0) {
    throw new LaunchPlanError(
      `unknown service${unknown.length > 1 ? 's' : ''} ${unknown.map((name) => `"${name}"`).join(', ')}; ` +
        `valid names: ${serviceIds.join(', ')}`,
    );
  }
  const available = new Set(discovered.map((service) => service.name));
  const missing = only.filter((name) => !available.has(name as ServiceId));
  if (missing.length > 0) {
    const present = discovered.length > 0 ? discovered.map((service) => service.name).join(', ') : 'none yet';
    throw new LaunchPlanError(
      `${missing.join(', ')} ${missing.length > 1 ? 'do' : 'does'} not exist in this workspace yet ` +
        `(no services/<name>/src/main.ts); services present: ${present}`,
    );
  }
  const wanted = new Set(only);
  return discovered.filter((service) => wanted.has(service.name));
}

// The launcher reads only <ID>_PORT: a plain PORT in the shell would put every service on one port.
function planService(service: DiscoveredService, env: Readonly<Record<string, string | undefined>>): PlannedService {
  const portVariable = `${envPrefix(service.name)}_PORT`;
  const raw = env[portVariable]?.trim();
  const port = raw === undefined || raw === '' ? defaultPorts[service.name] : parsePort(portVariable, raw);
  return {
    ...service,
    port,
    portVariable,
    url: `http://127.0.0.1:${port}`,
    displayUrl: `http://localhost:${port}`,
  };
}

function assertDistinctPorts(services: readonly PlannedService[]): void {
  const byPort = new Map<number, PlannedService>();
  for (const service of services) {
    const other = byPort.get(service.port);
    if (other !== undefined) {
      throw new LaunchPlanError(
        `${other.name} and ${service.name} would both use port ${service.port}; ` +
          `change ${other.portVariable} or ${service.portVariable}`,
      );
    }
    byPort.set(service.port, service);
  }
}
