export {
  createNetworkFabric,
  type FabricChangeListener,
  type NetworkFabric,
  type NetworkFabricDeps,
} from './fabric.js';
export type { FabricChange, FabricChangeKind, FabricSnapshot } from './changes.js';
export { isNetworkDomainError, NetworkDomainError, networkErrorCodes, type NetworkErrorCode } from './errors.js';
export { parseNodeRegistration, type NodeRegistration, type RegisterOptions, type Registration } from './registry.js';
export { parseContractInput, type ContractInput } from './contracts.js';
export { BRIDGE_TARGET_PREFIX, parseBridgeInput, type BridgeInput } from './bridges.js';
export { defaultPolicies } from './policies.js';
export { parseAction, parseCondition, parsePolicyInput, type PolicyInput } from './policy-validation.js';
export type { PolicyContext, PolicyDecision } from './policy-evaluator.js';
export { compileSafeRegex, MAX_REGEX_INPUT_LENGTH, MAX_REGEX_PATTERN_LENGTH } from './safe-regex.js';
export { createEnvelope, parseEventRequest } from './event-request.js';
export type { RouteResult, SimulationResult } from './router.js';
export type { EventStats } from './trace-store.js';
export type { SweepResult } from './sweep.js';
export { canSeeNode, everything, type Viewer } from './tenancy.js';
export type { EnrichedTrace, FlowView, Topology } from './views.js';
export * from './types.js';
