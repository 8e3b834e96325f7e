import type { UsageRecorder } from '../usage/usage-recorder.js';
import { conversationOf, estimateTokens, textOf } from './chat-params.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { GatewayError } from './gateway-error.js';
import type { ExecuteCall, PreparedCall } from './prepare-call.js';
import type { FinishReason, LlmParams, OperationKind, ToolCall, Usage } from './normalized.js';

/** What a call produced so far; filled from a whole answer or delta by delta from a stream. */
export interface CallTally {
  attempts: number;
  responseModel: string | null;
  textChars: number;
  toolCalls: ToolCall[];
  promptTokens: number | null;
  completionTokens: number | null;
  finishReason: FinishReason | null;
  ttftMs: number | null;
}

export const emptyTally = (): CallTally => ({
  attempts: 0,
  responseModel: null,
  textChars: 0,
  toolCalls: [],
  promptTokens: null,
  completionTokens: null,
  finishReason: null,
  ttftMs: null,
});

function promptChars(kind: OperationKind, params: LlmParams): number {
  if (kind === 'embeddings') {
    const input = params.input ?? params.text ?? '';
    return Array.isArray(input) ? input.map((i) => String(i)).join(' ').length : input.length;
  }
  return conversationOf(params).reduce((n, m) => n + textOf(m.content).length, 0);
}

/** Reported usage when the upstream sent it; otherwise the chars/4 estimate of spec §6.1, flagged as such. */
export function usageOf(tally: CallTally, kind: OperationKind, params: LlmParams): Usage & { estimated: boolean } {
  const reported = tally.promptTokens !== null || tally.completionTokens !== null;
  const promptTokens = tally.promptTokens ?? (reported ? 0 : estimateTokens(promptChars(kind, params)));
  const completionTokens = tally.completionTokens ?? (reported ? 0 : estimateTokens(tally.textChars));
  return { promptTokens, completionTokens, totalTokens: promptTokens + completionTokens, estimated: !reported };
}

/**
 * Settles a finished call exactly once: the circuit hears only upstream failures (W7), everything is recorded.
 * Calls refused before leaving (validation, rate limit, missing key, open circuit) never get here.
 */
export function settleCall(input: {
  breaker: CircuitBreaker;
  recorder: UsageRecorder;
  call: ExecuteCall;
  prepared: PreparedCall;
  tally: CallTally;
  outcome: 'success' | 'failure' | 'cancelled';
  error: GatewayError | null;
  startedAt: Date;
  durationMs: number;
}): void {
  const { breaker, recorder, call, prepared, tally, outcome, error } = input;
  if (outcome === 'success') breaker.success(prepared.circuit, prepared.permit.probe);
  else if (outcome === 'failure' && error?.countsAsUpstreamFailure)
    breaker.failure(prepared.circuit, prepared.permit.probe);
  else breaker.release(prepared.circuit, prepared.permit.probe);

  const usage = outcome === 'success' ? usageOf(tally, prepared.kind, call.request.params) : null;
  recorder.record({
    requestId: call.requestId,
    caller: call.caller,
    provider: prepared.adapter.id,
    kind: prepared.kind,
    operation: call.request.operation,
    model: prepared.model,
    responseModel: tally.responseModel,
    stream: call.request.stream === true,
    key: prepared.key,
    outcome,
    error,
    finishReason: tally.finishReason,
    promptTokens: usage?.promptTokens ?? tally.promptTokens ?? 0,
    completionTokens: usage?.completionTokens ?? tally.completionTokens ?? 0,
    usageEstimated: usage?.estimated ?? false,
    attempts: Math.max(tally.attempts, 1),
    ttftMs: tally.ttftMs,
    durationMs: Math.round(input.durationMs),
    startedAt: input.startedAt,
  });
}
