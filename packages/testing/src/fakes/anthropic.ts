import type { ServerResponse } from 'node:http';
import { json, sse } from './wire.js';

/** What an answer of a fake provider needs to know (startFakeLlm builds it from the request). */
export interface FakeAnswerContext {
  provider: string;
  model: string;
  stream: boolean;
  /** `ok`, `tool`, `miderror`, `malformed`, `slow`, `hang`… (from the requested model). */
  scenario: string;
  /** The text, token by token. */
  text: readonly string[];
  /** Whether the answer reports usage (the models service and HuggingFace report none). */
  usage: boolean;
  /** Handles the mid-stream scenarios after the first chunk; true when it ended the response itself. */
  midStream(res: ServerResponse, anthropic?: boolean): Promise<boolean>;
}

/**
 * The Anthropic Messages wire, whole or streamed as named SSE events (`message_start`, `content_block_delta`,
 * `message_stop`…), with a `tool_use` block for the `tool` scenario. The fake Anthropic upstream of startFakeLlm.
 */
export async function anthropicAnswer(res: ServerResponse, ctx: FakeAnswerContext): Promise<void> {
  const { model, stream, scenario, text } = ctx;
  const tool = scenario === 'tool';
  if (!stream) {
    const content = tool
      ? [
          { type: 'text', text: 'Checking.' },
          { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: { city: 'Paris' } },
        ]
      : [{ type: 'text', text: text.join('') }];
    return json(res, 200, {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content,
      stop_reason: tool ? 'tool_use' : 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: 9, output_tokens: 5 },
    });
  }
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  const ev = (type: string, data: Record<string, unknown>) => sse(res, { type, ...data }, type);
  ev('message_start', {
    message: {
      id: 'msg_fake',
      type: 'message',
      role: 'assistant',
      model,
      content: [],
      stop_reason: null,
      usage: { input_tokens: 9, output_tokens: 1 },
    },
  });
  ev('content_block_start', { index: 0, content_block: { type: 'text', text: '' } });
  ev('ping', {});
  ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: tool ? 'Checking.' : text[0] } });
  if (!tool && (await ctx.midStream(res, true))) return;
  if (!tool)
    for (const part of text.slice(1))
      ev('content_block_delta', { index: 0, delta: { type: 'text_delta', text: part } });
  ev('content_block_stop', { index: 0 });
  if (tool) {
    ev('content_block_start', {
      index: 1,
      content_block: { type: 'tool_use', id: 'toolu_1', name: 'get_weather', input: {} },
    });
    for (const part of ['{"city": ', '"Paris"}'])
      ev('content_block_delta', { index: 1, delta: { type: 'input_json_delta', partial_json: part } });
    ev('content_block_stop', { index: 1 });
  }
  ev('message_delta', {
    delta: { stop_reason: tool ? 'tool_use' : 'end_turn', stop_sequence: null },
    usage: { output_tokens: 5 },
  });
  ev('message_stop', {});
  res.end();
}

/** Anthropic's error bodies, for the fakes' refusals. */
export const anthropicErrors = {
  auth: { type: 'error', error: { type: 'authentication_error', message: 'invalid x-api-key' } },
  rateLimit: { type: 'error', error: { type: 'rate_limit_error', message: 'slow down' } },
  overloaded: { type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } },
} as const;
