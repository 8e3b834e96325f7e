export { startServices, type StartServicesOptions, type StartedServices } from './start-services.js';
export { resolveServiceSpec, type ServiceSpec, type ResolvedServiceSpec } from './service-entry.js';
export {
  startServiceForTests,
  type StartServiceForTestsOptions,
  type ServiceForTests,
  type IdentityServiceForTests,
} from './start-service-for-tests.js';
export {
  startRestartableService,
  type RestartableService,
  type RestartableServiceOptions,
} from './restartable-service.js';
export {
  startNetworkPlatformForTests,
  type NetworkPlatformForTests,
  type NetworkPlatformOptions,
} from './network-platform-for-tests.js';
