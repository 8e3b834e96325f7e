/** Why an assistant claims, defers or answers a turn (libraries.md §5.4 `AssistantJustification`). */
export interface AssistantJustification {
  reason: string;
  triggerRule?: string;
  conditions?: Array<{ field: string; operator: string; value: unknown; matched: boolean }>;
  /** 0–1; a claim's priority is `round(confidence × 100)`. */
  confidence: number;
  alternatives?: string[];
}

export const TurnEventTypes = Object.freeze({
  claim: 'assistant.intent.claim',
  defer: 'assistant.intent.defer',
  observe: 'assistant.action.observe',
  respond: 'assistant.action.respond',
} as const);

export interface ClaimEventData {
  assistantKey: string;
  entityId: string;
  conversationId: string;
  justification: AssistantJustification;
  claim: { claimedAt: number; expiresAt: number; priority: number };
}

export interface DeferEventData {
  assistantKey: string;
  entityId: string;
  conversationId: string;
  deferTo: string;
  deferToEntityId: string;
  reason: string;
}

export interface ObserveEventData {
  assistantKey: string;
  entityId: string;
  conversationId: string;
  reason: string;
}

export interface RespondEventData {
  assistantKey: string;
  entityId: string;
  conversationId: string;
  messageId: string;
  justification: AssistantJustification;
}

/** The claim priority of a confidence (libraries.md §5.4); a confidence outside 0–1 is a caller's bug. */
export function claimPriorityOf(confidence: number): number {
  if (!Number.isFinite(confidence) || confidence < 0 || confidence > 1) {
    throw new RangeError('justification.confidence must be a number from 0 to 1');
  }
  return Math.round(confidence * 100);
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/**
 * Reads the claim of an `assistant.intent.claim` event from another node, for `registerExternalClaim`; null when
 * the data does not have the libraries.md §5.4 shape (it comes from the network, so nothing in it is trusted).
 */
export function claimOfEventData(
  data: unknown,
): { conversationId: string; assistantKey: string; priority: number; claimedAt: number; expiresAt: number } | null {
  if (!isRecord(data) || !isRecord(data.claim)) return null;
  const { conversationId, assistantKey } = data;
  const { priority, claimedAt, expiresAt } = data.claim;
  if (typeof conversationId !== 'string' || typeof assistantKey !== 'string') return null;
  if (typeof priority !== 'number' || typeof claimedAt !== 'number' || typeof expiresAt !== 'number') return null;
  return { conversationId, assistantKey, priority, claimedAt, expiresAt };
}
