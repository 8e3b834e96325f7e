import { createSseParser, type SseEvent } from '../sse/sse-parser.js';
import { formatFrame } from '../sse/sse-frames.js';
import type { GatewayError } from './gateway-error.js';
import type { CallTally } from './call-outcome.js';
import type { NormalizedChatResponse, StreamDelta, StreamFrame, Usage } from './normalized.js';
import type { PreparedCall } from './prepare-call.js';
import { ClientAbortedError, UpstreamTimeoutError, type UpstreamAnswer } from './upstream-call.js';

export interface StreamSessionContext {
  prepared: PreparedCall;
  answer: UpstreamAnswer;
  tally: CallTally;
  requestId: string;
  clientSignal: AbortSignal;
  elapsedMs(): number;
  usage(): Usage;
  classify(error: unknown): GatewayError;
  /** Called exactly once, when the stream ends for whatever reason. */
  settle(outcome: 'success' | 'failure' | 'cancelled', error: GatewayError | null): void;
}

/** Folds one delta into the tally; returns the frame it becomes for the client, if any. */
function apply(delta: StreamDelta, tally: CallTally, elapsedMs: () => number): StreamFrame | null {
  switch (delta.kind) {
    case 'content':
      tally.ttftMs ??= Math.round(elapsedMs());
      tally.textChars += delta.text.length;
      return { type: 'content', content: delta.text };
    case 'tool_call': {
      tally.ttftMs ??= Math.round(elapsedMs());
      const call = (tally.toolCalls[delta.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } });
      if (delta.id) call.id = delta.id;
      if (delta.name) call.function.name = delta.name;
      call.function.arguments += delta.arguments;
      return { type: 'tool_call', index: delta.index, arguments: delta.arguments, ...(delta.id && { id: delta.id }), ...(delta.name && { name: delta.name }) };
    }
    case 'meta':
      if (delta.model) tally.responseModel = delta.model;
      return null;
    case 'usage':
      if (delta.promptTokens !== undefined) tally.promptTokens = delta.promptTokens;
      if (delta.completionTokens !== undefined) tally.completionTokens = delta.completionTokens;
      return null;
    case 'finish':
      tally.finishReason = delta.reason;
      return null;
  }
}

function doneFrame(ctx: StreamSessionContext): StreamFrame {
  const { tally, prepared } = ctx;
  const toolCalls = tally.toolCalls.filter(Boolean);
  return {
    type: 'done', done: true, provider: prepared.adapter.id, model: tally.responseModel ?? prepared.model,
    finishReason: tally.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'), usage: ctx.usage(),
    ...(toolCalls.length > 0 && { toolCalls }), requestId: ctx.requestId, durationMs: Math.round(ctx.elapsedMs()),
  };
}

function errorFrame(error: GatewayError, requestId: string): StreamFrame {
  return { type: 'error', error: error.message, code: error.code, category: error.category, retryable: error.retryable, requestId };
}

/**
 * Re-emits an upstream SSE stream as normalized frames while it arrives: every upstream read is parsed, decoded
 * and written before the next read, so nothing is held back beyond one read (frames of one read go out in one
 * write). A failure after the first byte becomes an `error` frame (the HTTP status is already sent); a client
 * disconnect aborts the upstream request and ends quietly.
 */
export async function* streamFrames(ctx: StreamSessionContext): AsyncGenerator<string> {
  const { prepared, answer, tally } = ctx;
  const parser = createSseParser();
  const decoder = prepared.adapter.createStreamDecoder();
  const deltas: StreamDelta[] = [];
  let pending = '';
  let settled = false;
  const settle = (outcome: 'success' | 'failure' | 'cancelled', error: GatewayError | null) => {
    if (settled) return;
    settled = true;
    ctx.settle(outcome, error);
  };
  const decode = (events: SseEvent[]) => {
    for (const event of events) {
      decoder.push(event, deltas);
      for (const delta of deltas) {
        const frame = apply(delta, tally, ctx.elapsedMs);
        if (frame) pending += formatFrame(frame);
      }
      deltas.length = 0;
    }
  };
  try {
    for await (const chunk of (answer.response.body ?? []) as AsyncIterable<Uint8Array>) {
      answer.touch();
      decode(parser.push(chunk));
      // The end marker ends the answer even if the upstream keeps its response open: `done` goes out now.
      if (decoder.finished) break;
      if (pending) {
        yield pending;
        pending = '';
      }
    }
    answer.complete();
    if (!decoder.finished) decode(parser.end());
    decoder.end();
    pending += formatFrame(doneFrame(ctx));
    settle('success', null);
    yield pending;
  } catch (error) {
    if (ctx.clientSignal.aborted || error instanceof ClientAbortedError) {
      settle('cancelled', null);
      return;
    }
    const failure = ctx.classify(answer.timedOut() ? new UpstreamTimeoutError(0) : error);
    settle('failure', failure);
    // Frames decoded before the failure still go out, then the error closes the stream.
    yield pending + formatFrame(errorFrame(failure, ctx.requestId));
  } finally {
    answer.close();
    // The consumer stopped pulling (the response was destroyed) before the stream ended.
    settle('cancelled', null);
  }
}

/** A server that answered JSON despite `stream: true`: the whole answer becomes frames, same format. */
export function* framesOfWholeAnswer(answer: NormalizedChatResponse, done: StreamFrame): Generator<string> {
  if (answer.content) yield formatFrame({ type: 'content', content: answer.content });
  for (const [index, call] of (answer.toolCalls ?? []).entries()) {
    yield formatFrame({ type: 'tool_call', index, id: call.id, name: call.function.name, arguments: call.function.arguments });
  }
  yield formatFrame(done);
}
