export {
  compareClaims,
  createClaimArbiter,
  DEFAULT_CLAIM_WINDOW_MS,
  type ClaimArbiter,
  type ClaimArbiterDeps,
  type ClaimDecision,
  type TurnClaim,
} from './claim-arbiter.js';
export {
  claimOfEventData,
  claimPriorityOf,
  TurnEventTypes,
  type AssistantJustification,
  type ClaimEventData,
  type DeferEventData,
  type ObserveEventData,
  type RespondEventData,
} from './justification.js';
export {
  createTurnEvents,
  DEFAULT_CLAIM_TIMEOUT_MS,
  RESPOND_TARGET,
  type TurnEvents,
  type TurnEventsDeps,
} from './turn-events.js';
