export { startServices, type StartServicesOptions, type StartedServices } from './start-services.js';
export { resolveServiceSpec, type ServiceSpec, type ResolvedServiceSpec } from './service-entry.js';
export {
  startServiceForTests,
  type StartServiceForTestsOptions,
  type ServiceForTests,
} from './start-service-for-tests.js';
