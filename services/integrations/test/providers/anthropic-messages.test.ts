import { describe, expect, it } from 'vitest';
import { GatewayError } from '../../src/gateway/gateway-error.js';
import { anthropicBody } from '../../src/providers/anthropic-messages.js';

describe('anthropicBody (spec §6.5, W10)', () => {
  it('moves system messages to `system`, tool calls to tool_use and tool results to tool_result, merging turns', () => {
    const body = anthropicBody(
      {
        systemPrompt: 'Be terse.',
        messages: [
          { role: 'system', content: 'Answer in French.' },
          { role: 'user', content: 'Weather?' },
          {
            role: 'assistant',
            content: 'Let me check.',
            tool_calls: [
              { id: 't1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 't1', content: 'sunny' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'And this?' },
              { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBOR w0=' } },
            ],
          },
        ],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object' } } }],
        toolChoice: 'required',
        parallelToolCalls: false,
        stop: 'END',
        maxTokens: 50,
        topK: 3,
      },
      'claude-x',
      true,
    );
    expect(body).toEqual({
      model: 'claude-x',
      max_tokens: 50,
      stream: true,
      system: 'Be terse.\n\nAnswer in French.',
      top_k: 3,
      stop_sequences: ['END'],
      tools: [{ name: 'get_weather', description: '', input_schema: { type: 'object' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      messages: [
        { role: 'user', content: 'Weather?' },
        {
          role: 'assistant',
          content: [
            { type: 'text', text: 'Let me check.' },
            { type: 'tool_use', id: 't1', name: 'get_weather', input: { city: 'Paris' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 't1', content: 'sunny' },
            { type: 'text', text: 'And this?' },
            { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0=' } },
          ],
        },
      ],
    });
  });

  it('refuses what it cannot convert with a 400 naming the field', () => {
    const badArgs = () =>
      anthropicBody(
        {
          messages: [
            {
              role: 'assistant',
              content: null,
              tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: 'not json' } }],
            },
          ],
        },
        'm',
        false,
      );
    expect(badArgs).toThrow(GatewayError);
    expect(badArgs).toThrow(/body.params.messages.0.tool_calls.0.function.arguments/);
    expect(() => anthropicBody({ prompt: 'x', responseFormat: 'json' }, 'm', false)).toThrow(
      /body.params.responseFormat/,
    );
    expect(() =>
      anthropicBody({ messages: [{ role: 'system', content: 'only a system prompt' }] }, 'm', false),
    ).toThrow(/body.params.messages/);
  });
});
