import { UpstreamProtocolError } from '../providers/upstream-protocol-error.js';
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
      const call = (tally.toolCalls[delta.index] ??= {
        id: '',
        type: 'function',
        function: { name: '', arguments: '' },
      });
      if (delta.id) call.id = delta.id;
      if (delta.name) call.function.name = delta.name;
      call.function.arguments += delta.arguments;
      return {
        type: 'tool_call',
        index: delta.index,
        arguments: delta.arguments,
        ...(delta.id && { id: delta.id }),
        ...(delta.name && { name: delta.name }),
      };
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
    type: 'done',
    done: true,
    provider: prepared.adapter.id,
    model: tally.responseModel ?? prepared.model,
    finishReason: tally.finishReason ?? (toolCalls.length > 0 ? 'tool_calls' : 'stop'),
    usage: ctx.usage(),
    ...(toolCalls.length > 0 && { toolCalls }),
    requestId: ctx.requestId,
    durationMs: Math.round(ctx.elapsedMs()),
  };
}

function errorFrame(error: GatewayError, requestId: string): StreamFrame {
  return {
    type: 'error',
    error: error.message,
    code: error.code,
    category: error.category,
    retryable: error.retryable,
    requestId,
  };
}

/**
 * Where a stream's normalized SSE text goes (the HTTP response, through the route). Writes are plain strings so the
 * relay needs no stream object of its own between the upstream body and the client's socket.
 */
export interface FrameSink {
  /** Writes text now; false when the client's buffer is full (the relay then waits for `onDrain`). */
  write(text: string): boolean;
  /** Writes the last text and ends the response in the same write. */
  end(text: string): void;
  onDrain(listener: () => void): void;
}

/** A stream that is ready to run: it starts relaying frames when given its sink. */
export type FrameRelay = (sink: FrameSink) => void;

/**
 * Relays an upstream SSE body as normalized frames while it arrives. Push-based and synchronous per read: each
 * upstream chunk is parsed (bytes, `sse-parser`), decoded by the adapter and the frames it completed are written as
 * one string before the next chunk is looked at, so nothing is held back beyond one read and no promise or stream
 * object is involved per chunk. A full client buffer pauses the upstream body. A failure after the first byte
 * becomes an `error` frame (the HTTP status is already sent); a client disconnect (the client signal) ends it
 * quietly. The last frame and the end of the response leave in one write.
 */
export function streamFrames(ctx: StreamSessionContext): FrameRelay {
  const { prepared, answer, tally } = ctx;
  const body = answer.response.body;
  const decoder = prepared.adapter.createStreamDecoder();
  const deltas: StreamDelta[] = [];
  let pending = '';
  let over = false;

  const parser = createSseParser((event: SseEvent) => {
    decoder.push(event, deltas);
    for (const delta of deltas) {
      const frame = apply(delta, tally, ctx.elapsedMs);
      if (frame) pending += formatFrame(frame);
    }
    deltas.length = 0;
  });

  return (sink) => {
    const cancel = () => {
      if (over) return;
      over = true;
      answer.close();
      ctx.settle('cancelled', null);
    };

    /** The last frame: writes what is pending and ends the response. */
    const finish = (outcome: 'success' | 'failure', error: GatewayError | null) => {
      over = true;
      // Aborts the upstream if it is still open (a failure mid-stream); a no-op once the body was complete.
      answer.close();
      sink.end(pending);
      pending = '';
      ctx.settle(outcome, error);
    };

    const fail = (error: unknown) => {
      if (over) return;
      if (ctx.clientSignal.aborted || error instanceof ClientAbortedError) return cancel();
      const failure = ctx.classify(answer.timedOut() ? new UpstreamTimeoutError(0) : error);
      // Frames decoded before the failure still go out, then the error closes the stream.
      pending += formatFrame(errorFrame(failure, ctx.requestId));
      finish('failure', failure);
    };

    const succeed = () => {
      if (over) return;
      try {
        answer.complete();
        parser.end();
        decoder.end();
      } catch (error) {
        return fail(error);
      }
      pending += formatFrame(doneFrame(ctx));
      finish('success', null);
    };

    // A client that goes away aborts the upstream through the call's client signal; the body's error lands in
    // `fail`, which ends the relay as cancelled.
    sink.onDrain(() => {
      if (!over && body.isPaused()) body.resume();
    });
    body.on('data', (chunk: Buffer) => {
      if (over) return;
      answer.touch();
      try {
        parser.push(chunk);
      } catch (error) {
        return fail(error);
      }
      if (decoder.finished) {
        // The end marker ends the answer even if the upstream keeps its response open: `done` goes out now. The
        // body's own end normally follows in the same tick, which keeps the connection reusable; a response left
        // open past that is cut.
        succeed();
        setImmediate(() => {
          if (!body.readableEnded) body.destroy();
        });
        return;
      }
      if (pending) {
        const more = sink.write(pending);
        pending = '';
        if (!more) body.pause();
      }
    });
    body.once('end', succeed);
    body.on('error', fail);
    // A body closed without its end (a connection reset) is a cut-off answer.
    body.once('close', () => {
      if (!over && !body.readableEnded)
        fail(new UpstreamProtocolError('truncated', 'stream ended before the answer was complete'));
    });
  };
}

/** A server that answered JSON despite `stream: true`: the whole answer becomes frames, same format, one write. */
export function framesOfWholeAnswer(answer: NormalizedChatResponse, done: StreamFrame): FrameRelay {
  let text = answer.content ? formatFrame({ type: 'content', content: answer.content }) : '';
  for (const [index, call] of (answer.toolCalls ?? []).entries()) {
    text += formatFrame({
      type: 'tool_call',
      index,
      id: call.id,
      name: call.function.name,
      arguments: call.function.arguments,
    });
  }
  text += formatFrame(done);
  return (sink) => sink.end(text);
}
