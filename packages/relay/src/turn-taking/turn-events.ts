import type { RelayClient, SendResult } from '../client/relay-client-types.js';
import type { EventPayload } from '../wire-types.js';
import {
  claimPriorityOf,
  TurnEventTypes,
  type AssistantJustification,
  type ClaimEventData,
  type DeferEventData,
  type ObserveEventData,
  type RespondEventData,
} from './justification.js';

/** Replies to a conversation go to the messaging service's node: its bare service id (libraries W16). */
export const RESPOND_TARGET = 'messaging';

export interface TurnEventsDeps {
  /** The assistant's own relay client (the events' source). */
  relay: Pick<RelayClient, 'send'>;
  /** Epoch milliseconds for claims (default `Date.now`). */
  now?: () => number;
}

/**
 * The turn-taking events of libraries.md §5.4, all with boundary `intra`. Like `emitEvent` (§5.2) they resolve null
 * when the event could not be sent (not registered, refused) instead of throwing into the assistant's turn; a
 * confidence outside 0–1 is a bug of the caller and rejects.
 */
export interface TurnEvents {
  emitClaim(
    key: string,
    entityId: string,
    conversationId: string,
    justification: AssistantJustification,
    runId: string,
    claimTimeoutMs?: number,
  ): Promise<SendResult | null>;
  emitDefer(
    key: string,
    entityId: string,
    conversationId: string,
    deferToKey: string,
    deferToEntityId: string,
    reason: string,
    runId: string,
  ): Promise<SendResult | null>;
  emitObserve(
    key: string,
    entityId: string,
    conversationId: string,
    reason: string,
    runId: string,
  ): Promise<SendResult | null>;
  emitRespond(
    key: string,
    entityId: string,
    conversationId: string,
    messageId: string,
    justification: AssistantJustification,
    runId: string,
  ): Promise<SendResult | null>;
}

export const DEFAULT_CLAIM_TIMEOUT_MS = 500;

export function createTurnEvents(deps: TurnEventsDeps): TurnEvents {
  const now = deps.now ?? Date.now;
  const emit = async (payload: EventPayload, runId: string, target?: string) => {
    try {
      return await deps.relay.send(payload, runId, { boundary: 'intra', ...(target !== undefined && { target }) });
    } catch {
      return null;
    }
  };
  return {
    async emitClaim(key, entityId, conversationId, justification, runId, claimTimeoutMs = DEFAULT_CLAIM_TIMEOUT_MS) {
      const priority = claimPriorityOf(justification.confidence);
      const claimedAt = now();
      const data: ClaimEventData = {
        assistantKey: key,
        entityId,
        conversationId,
        justification,
        claim: { claimedAt, expiresAt: claimedAt + claimTimeoutMs, priority },
      };
      return emit({ type: TurnEventTypes.claim, data }, runId);
    },
    emitDefer(key, entityId, conversationId, deferToKey, deferToEntityId, reason, runId) {
      const data: DeferEventData = {
        assistantKey: key,
        entityId,
        conversationId,
        deferTo: deferToKey,
        deferToEntityId,
        reason,
      };
      return emit({ type: TurnEventTypes.defer, data }, runId);
    },
    emitObserve(key, entityId, conversationId, reason, runId) {
      const data: ObserveEventData = { assistantKey: key, entityId, conversationId, reason };
      return emit({ type: TurnEventTypes.observe, data }, runId);
    },
    async emitRespond(key, entityId, conversationId, messageId, justification, runId) {
      claimPriorityOf(justification.confidence);
      const data: RespondEventData = { assistantKey: key, entityId, conversationId, messageId, justification };
      return emit({ type: TurnEventTypes.respond, data }, runId, RESPOND_TARGET);
    },
  };
}
