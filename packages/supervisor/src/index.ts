export {
  startServiceProcess,
  type StartServiceOptions,
  type ServiceProcess,
  type OutputStream,
  type TerminalMessage,
} from './service-process.js';
export { readProcessIdentity, isSameProcess, type ProcessIdentity } from './process-identity.js';
export { ServiceStartError, classifyStartFailure, readableLine, type StartFailureReason } from './start-failure.js';
export { describeExit, type ExitInfo } from './exit-info.js';
export { findFreePort, isPortFree } from './ports.js';
export {
  waitForHttpOk,
  pollUntilOk,
  httpGetStatus,
  formatSeconds,
  type PollOptions,
  type PollResult,
} from './wait-for-http.js';
export { signalProcessGroup } from './process-group.js';
export {
  platformSecretNames,
  generatePlatformSecret,
  generatePlatformSecrets,
  type PlatformSecretName,
} from './platform-secrets.js';
export { tierOf, groupByTier, serviceUrlEnv } from './service-topology.js';
