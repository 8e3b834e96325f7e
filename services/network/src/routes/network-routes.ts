import type { ServiceApp } from '@symbia/kit';
import { useNetworkErrorEnvelope } from '../access/guards.js';
import type { NetworkFabric } from '../domain/index.js';
import { registerEventRoutes } from './events.js';
import { registerPolicyRoutes } from './policies.js';
import { registerRegistryRoutes } from './registry.js';
import { registerSdnRoutes } from './sdn.js';

/**
 * network.md §13.1–13.5 in one encapsulated group whose error bodies also carry `requiredPermission` on a 403
 * (§12.2); everything else keeps the platform's error shape.
 */
export function registerNetworkRoutes(app: ServiceApp, deps: { fabric: NetworkFabric; hashSecret: string }): void {
  void app.register(async (scope) => {
    const group = scope as unknown as ServiceApp;
    useNetworkErrorEnvelope(group);
    registerRegistryRoutes(group, deps);
    registerEventRoutes(group, deps);
    registerPolicyRoutes(group, deps);
    registerSdnRoutes(group, deps);
  });
}
