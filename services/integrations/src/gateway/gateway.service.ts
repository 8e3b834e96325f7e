import { headerOf, isOk } from '../net/http-transport.js';
import type { UsageRecorder } from '../usage/usage-recorder.js';
import { malformed } from '../providers/upstream-protocol-error.js';
import { emptyTally, settleCall, usageOf, type CallTally } from './call-outcome.js';
import { classifyUpstreamFailure, classifyUpstreamStatus } from './classify-upstream.js';
import type { GatewayError } from './gateway-error.js';
import type { NormalizedChatResponse, NormalizedResponse, StreamFrame, Usage } from './normalized.js';
import { prepareCall, type ExecuteCall, type PrepareDeps, type PreparedCall } from './prepare-call.js';
import { MAX_ANSWER_BYTES, readErrorBody, readText } from './read-body.js';
import { framesOfWholeAnswer, streamFrames, type FrameRelay } from './stream-session.js';
import { retryAfterMs, sendUpstream, type RetryPolicy, type UpstreamAnswer } from './upstream-call.js';

export interface GatewayDeps extends PrepareDeps {
  recorder: UsageRecorder;
  timeoutMs: number;
  retry: RetryPolicy;
  /** Named in the 503 when the local models service is down. */
  modelsUrl: string;
}

type Outcome = 'success' | 'failure' | 'cancelled';

interface RunContext {
  prepared: PreparedCall;
  tally: CallTally;
  elapsedMs(): number;
  settle(outcome: Outcome, error: GatewayError | null): void;
}

export interface GatewayService {
  /** One complete normalized answer, and how long the whole call took. */
  execute(call: ExecuteCall): Promise<{ data: NormalizedResponse; durationMs: number }>;
  /**
   * Resolves once the upstream answered 2xx (so earlier failures are still proper HTTP errors), with the
   * relay that writes the normalized SSE text frame by frame into the sink it is given.
   */
  stream(call: ExecuteCall): Promise<FrameRelay>;
}

/** The LLM gateway: one pipeline for both execute endpoints; they differ only in the caller and the key source. */
export function createGatewayService(deps: GatewayDeps): GatewayService {
  const classifyContext = (prepared: PreparedCall, answer?: UpstreamAnswer) => {
    const after = answer ? retryAfterMs(answer.response) : null;
    return {
      provider: prepared.adapter.id,
      keySource: prepared.key.source,
      apiKey: prepared.key.apiKey,
      timeoutMs: deps.timeoutMs,
      modelsUrl: deps.modelsUrl,
      retryAfterSeconds: after === null ? null : after / 1000,
    };
  };

  /** Sends and returns a 2xx answer; any other outcome is thrown as the caller's error. */
  const send = async (call: ExecuteCall, prepared: PreparedCall, tally: CallTally): Promise<UpstreamAnswer> => {
    const answer = await sendUpstream({
      transport: prepared.transport,
      request: prepared.upstream,
      clientSignal: call.signal,
      timeoutMs: deps.timeoutMs,
      retry: deps.retry,
      onRetry: () => {
        tally.attempts += 1;
        deps.metrics.retry(prepared.adapter.id);
      },
    });
    tally.attempts = answer.attempts;
    if (isOk(answer.response)) return answer;
    try {
      const info = prepared.adapter.parseError(await readErrorBody(answer.response));
      throw classifyUpstreamStatus(answer.response.status, info, classifyContext(prepared, answer));
    } finally {
      answer.close();
    }
  };

  /**
   * Prepares the call and runs `work` on it. A thrown failure is settled here (circuit verdict, record); success
   * is settled by `work` itself, because a stream only succeeds once its last frame is out.
   */
  const run = async <T>(call: ExecuteCall, work: (run: RunContext) => Promise<T>): Promise<T> => {
    const startedAt = new Date();
    const started = performance.now();
    const prepared = await prepareCall(deps, call);
    const tally = emptyTally();
    const elapsedMs = () => performance.now() - started;
    const settle = (outcome: Outcome, error: GatewayError | null) =>
      settleCall({
        breaker: deps.breaker,
        recorder: deps.recorder,
        call,
        prepared,
        tally,
        outcome,
        error,
        startedAt,
        durationMs: elapsedMs(),
      });
    try {
      return await work({ prepared, tally, elapsedMs, settle });
    } catch (error) {
      const cancelled = call.signal.aborted;
      const failure = classifyUpstreamFailure(error, classifyContext(prepared));
      settle(cancelled ? 'cancelled' : 'failure', cancelled ? null : failure);
      throw failure;
    }
  };

  const parseWhole = async (prepared: PreparedCall, answer: UpstreamAnswer): Promise<NormalizedResponse> => {
    const text = await readText(answer.response, MAX_ANSWER_BYTES, answer.touch);
    answer.complete();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw malformed(`${prepared.adapter.id} answer (not JSON)`);
    }
    return prepared.adapter.parseResponse(prepared.kind, body, prepared.model);
  };

  const tallyWhole = (tally: CallTally, response: NormalizedResponse, elapsedMs: number) => {
    tally.responseModel = response.model;
    tally.promptTokens = response.usage.promptTokens || null;
    if ('content' in response) {
      tally.textChars = response.content.length;
      tally.completionTokens = response.usage.completionTokens || null;
      tally.finishReason = response.finishReason;
      tally.toolCalls = response.toolCalls ?? [];
    }
    tally.ttftMs = Math.round(elapsedMs);
  };

  const usageFor = (call: ExecuteCall, { prepared, tally }: RunContext): Usage => {
    const u = usageOf(tally, prepared.kind, call.request.params);
    return { promptTokens: u.promptTokens, completionTokens: u.completionTokens, totalTokens: u.totalTokens };
  };

  return {
    execute: (call) =>
      run(call, async (ctx) => {
        const { prepared, tally } = ctx;
        const answer = await send(call, prepared, tally);
        try {
          const response = await parseWhole(prepared, answer);
          tallyWhole(tally, response, ctx.elapsedMs());
          // Estimated usage is reported to the caller too, so what they see is what was recorded.
          const usage = usageFor(call, ctx);
          const data: NormalizedResponse =
            'content' in response
              ? { ...response, usage }
              : { ...response, usage: { promptTokens: usage.promptTokens, totalTokens: usage.promptTokens } };
          ctx.settle('success', null);
          return { data, durationMs: Math.round(ctx.elapsedMs()) };
        } finally {
          answer.close();
        }
      }),

    stream: (call) =>
      run(call, async (ctx) => {
        const { prepared, tally, elapsedMs, settle } = ctx;
        const answer = await send(call, prepared, tally);
        if (!(headerOf(answer.response, 'content-type') ?? '').includes('text/event-stream')) {
          // A compatible server that ignored `stream: true` and answered JSON: same frames, one burst.
          const whole = (await parseWhole(prepared, answer).finally(() => answer.close())) as NormalizedChatResponse;
          tallyWhole(tally, whole, elapsedMs());
          settle('success', null);
          const done: StreamFrame = {
            type: 'done',
            done: true,
            provider: prepared.adapter.id,
            model: whole.model,
            finishReason: whole.finishReason,
            usage: usageFor(call, ctx),
            ...(whole.toolCalls && { toolCalls: whole.toolCalls }),
            requestId: call.requestId,
            durationMs: Math.round(elapsedMs()),
          };
          return framesOfWholeAnswer(whole, done);
        }
        return streamFrames({
          prepared,
          answer,
          tally,
          requestId: call.requestId,
          clientSignal: call.signal,
          elapsedMs,
          settle,
          usage: () => usageFor(call, ctx),
          classify: (error) => classifyUpstreamFailure(error, classifyContext(prepared)),
        });
      }),
  };
}
