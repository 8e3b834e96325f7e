import { describe, expect, it } from 'vitest';
import type { StreamDelta } from '../../src/gateway/normalized.js';
import { createOpenAiAdapter } from '../../src/providers/openai.adapter.js';
import { createOpenAiStreamDecoder, openAiChatBody, parseOpenAiChat } from '../../src/providers/openai-wire.js';
import { UpstreamProtocolError } from '../../src/providers/upstream-protocol-error.js';

const options = {
  defaultMaxTokens: 1024,
  maxTokensField: 'max_tokens' as const,
  sendTemperature: true,
  streamUsage: false,
  plainTextOnly: false,
};

/** Feeds one event per string, then ends the body, like the stream session does. */
async function decode(data: string[]) {
  const decoder = createOpenAiStreamDecoder();
  const out: StreamDelta[] = [];
  for (const d of data) decoder.push({ event: 'message', data: d }, out);
  decoder.end();
  return out;
}

describe('openAiChatBody (spec §6.4, W9)', () => {
  it('maps every field explicitly, prepends the system alias and never forwards camelCase keys', () => {
    const body = openAiChatBody(
      {
        prompt: 'Hi',
        systemPrompt: 'Be brief',
        maxTokens: 50,
        topP: 0.9,
        topK: 5,
        stop: ['END'],
        toolChoice: 'auto',
        seed: 3,
        presencePenalty: 1,
        tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
        responseFormat: 'json',
      },
      'gpt-4o-mini',
      false,
      options,
    );
    expect(body).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'system', content: 'Be brief' },
        { role: 'user', content: 'Hi' },
      ],
      max_tokens: 50,
      temperature: 0.7,
      top_p: 0.9,
      stop: ['END'],
      seed: 3,
      presence_penalty: 1,
      tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object' } } }],
      tool_choice: 'auto',
      response_format: { type: 'json_object' },
      stream: false,
    });
  });

  it('uses max_completion_tokens and no temperature for OpenAI reasoning models', () => {
    const { body } = createOpenAiAdapter().buildRequest({
      kind: 'chat',
      params: { prompt: 'Hi' },
      model: 'o3',
      stream: true,
      apiKey: 'k',
      baseUrl: 'https://x',
    });
    expect(body).toMatchObject({ max_completion_tokens: 1024, stream: true, stream_options: { include_usage: true } });
    expect(body).not.toHaveProperty('temperature');
    expect(body).not.toHaveProperty('max_tokens');
  });
});

describe('parseOpenAiChat', () => {
  it('normalizes tool-call-only answers to empty content and keeps the tool calls verbatim', () => {
    const normalized = parseOpenAiChat(
      {
        id: 'c',
        model: 'm',
        choices: [
          {
            message: {
              content: null,
              tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
            },
            finish_reason: 'tool_calls',
          },
        ],
      },
      'openai',
      'asked',
    );
    expect(normalized).toMatchObject({
      content: '',
      finishReason: 'tool_calls',
      usage: { promptTokens: 0, completionTokens: 0, totalTokens: 0 },
      toolCalls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{"x":1}' } }],
    });
    expect(() => parseOpenAiChat({ choices: [] }, 'openai', 'm')).toThrow(UpstreamProtocolError);
  });
});

describe('createOpenAiStreamDecoder', () => {
  it('reads deltas, the usage-only chunk and [DONE]', async () => {
    const chunk = (delta: object, finish: string | null = null) =>
      JSON.stringify({ id: 'x', model: 'm', choices: [{ index: 0, delta, finish_reason: finish }] });
    expect(
      await decode([
        chunk({ content: 'Hi' }),
        chunk({}, 'length'),
        JSON.stringify({ choices: [], usage: { prompt_tokens: 3, completion_tokens: 1 } }),
        '[DONE]',
        'ignored after done',
      ]),
    ).toEqual([
      { kind: 'meta', model: 'm', id: 'x' },
      { kind: 'content', text: 'Hi' },
      { kind: 'finish', reason: 'length' },
      { kind: 'usage', promptTokens: 3, completionTokens: 1 },
    ]);
  });

  it('fails on an error chunk, a non-JSON chunk and a stream cut before the answer finished', async () => {
    await expect(decode([JSON.stringify({ error: { message: 'boom', type: 'server_error' } })])).rejects.toMatchObject({
      kind: 'error_event',
      message: 'boom',
      upstreamCode: 'server_error',
    });
    await expect(decode(['{"choices":'])).rejects.toMatchObject({ kind: 'malformed' });
    await expect(decode([JSON.stringify({ choices: [{ delta: { content: 'Hi' } }] })])).rejects.toMatchObject({
      kind: 'truncated',
    });
  });
});

describe('createOpenAiStreamDecoder guards', () => {
  it('refuses a tool call index that would allocate a huge array slot', async () => {
    const chunk = JSON.stringify({
      choices: [{ index: 0, delta: { tool_calls: [{ index: 1_000_000_000, function: { arguments: '{}' } }] } }],
    });
    await expect(decode([chunk])).rejects.toMatchObject({ kind: 'malformed' });
  });
});
