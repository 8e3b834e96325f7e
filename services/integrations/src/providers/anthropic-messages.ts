import { conversationOf, stopListOf, systemPromptOf, textOf } from '../gateway/chat-params.js';
import { invalidField } from '../gateway/gateway-error.js';
import type { ChatMessage, ContentPart, LlmParams, ToolChoice } from '../gateway/normalized.js';

/**
 * Normalized params → Anthropic Messages API body (spec §6.5, W10): system messages become `system`, assistant
 * tool calls become `tool_use` blocks, tool messages become `tool_result` blocks in a user turn, images become
 * image blocks. Nothing is dropped silently: what cannot be converted is a 400 naming the field.
 */
type Block = Record<string, unknown>;
interface WireMessage {
  role: 'user' | 'assistant';
  content: string | Block[];
}

const DATA_URL = /^data:([a-z]+\/[a-z0-9.+-]+);base64,([A-Za-z0-9+/=\s]+)$/i;

function imageBlock(url: string, field: string): Block {
  if (url.startsWith('data:')) {
    const match = DATA_URL.exec(url);
    if (!match) throw invalidField(field, 'must be a base64 data URL (data:<mime>;base64,…) or an http(s) URL');
    return {
      type: 'image',
      source: { type: 'base64', media_type: match[1]!.toLowerCase(), data: match[2]!.replace(/\s+/g, '') },
    };
  }
  return { type: 'image', source: { type: 'url', url } };
}

function contentBlocks(content: string | ContentPart[] | null, field: string): Block[] {
  if (content === null) return [];
  if (typeof content === 'string') return content.length > 0 ? [{ type: 'text', text: content }] : [];
  return content.flatMap((part, index): Block[] => {
    if (part.type === 'text') return part.text.length > 0 ? [{ type: 'text', text: part.text }] : [];
    return [imageBlock(part.image_url.url, `${field}.${index}.image_url.url`)];
  });
}

function toolUseBlocks(message: ChatMessage, field: string): Block[] {
  return (message.tool_calls ?? []).map((call, index) => {
    let input: unknown;
    try {
      input = JSON.parse(call.function.arguments || '{}');
    } catch {
      throw invalidField(
        `${field}.tool_calls.${index}.function.arguments`,
        'must be a JSON object encoded as a string',
      );
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      throw invalidField(
        `${field}.tool_calls.${index}.function.arguments`,
        'must be a JSON object encoded as a string',
      );
    }
    return { type: 'tool_use', id: call.id, name: call.function.name, input };
  });
}

function convert(message: ChatMessage, field: string): WireMessage {
  if (message.role === 'tool') {
    return {
      role: 'user',
      content: [{ type: 'tool_result', tool_use_id: message.tool_call_id, content: textOf(message.content) }],
    };
  }
  const role = message.role === 'assistant' ? 'assistant' : 'user';
  if (typeof message.content === 'string' && !message.tool_calls?.length) return { role, content: message.content };
  return { role, content: [...contentBlocks(message.content, `${field}.content`), ...toolUseBlocks(message, field)] };
}

const asBlocks = (content: string | Block[]): Block[] =>
  typeof content === 'string' ? [{ type: 'text', text: content }] : content;

/** Consecutive turns of one role are merged: the API wants user and assistant to alternate. */
function mergeTurns(messages: WireMessage[]): WireMessage[] {
  const merged: WireMessage[] = [];
  for (const message of messages) {
    const last = merged.at(-1);
    if (last && last.role === message.role) last.content = [...asBlocks(last.content), ...asBlocks(message.content)];
    else merged.push({ ...message });
  }
  return merged;
}

function toolChoiceOf(choice: ToolChoice, parallel: boolean | undefined): Record<string, unknown> {
  const disable = parallel === false ? { disable_parallel_tool_use: true } : {};
  if (choice === 'auto') return { type: 'auto', ...disable };
  if (choice === 'required') return { type: 'any', ...disable };
  if (choice === 'none') return { type: 'none' };
  return { type: 'tool', name: choice.function.name, ...disable };
}

export function anthropicBody(params: LlmParams, model: string, stream: boolean): Record<string, unknown> {
  if (params.responseFormat !== undefined && params.responseFormat !== 'text') {
    throw invalidField(
      'body.params.responseFormat',
      'is not supported by anthropic; describe the format in the prompt or use a tool',
    );
  }
  const conversation = params.messages ?? conversationOf({ prompt: params.prompt });
  const systemParts = [
    systemPromptOf(params),
    ...conversation.filter((m) => m.role === 'system').map((m) => textOf(m.content)),
  ].filter((s): s is string => s !== undefined && s.length > 0);
  const turns = conversation.flatMap((message, index) =>
    message.role === 'system' ? [] : [convert(message, `body.params.messages.${index}`)],
  );
  if (turns.length === 0)
    throw invalidField(
      'body.params.messages',
      'needs at least one user or assistant message besides the system prompt',
    );
  const body: Record<string, unknown> = { model, max_tokens: params.maxTokens ?? 1024, messages: mergeTurns(turns) };
  if (systemParts.length > 0) body.system = systemParts.join('\n\n');
  if (params.temperature !== undefined) body.temperature = params.temperature;
  if (params.topP !== undefined) body.top_p = params.topP;
  if (params.topK !== undefined) body.top_k = params.topK;
  const stop = stopListOf(params);
  if (stop !== undefined) body.stop_sequences = stop;
  if (params.tools !== undefined) {
    body.tools = params.tools.map((t) => ({
      name: t.function.name,
      description: t.function.description ?? '',
      input_schema: t.function.parameters ?? { type: 'object', properties: {} },
    }));
  }
  if (params.toolChoice !== undefined) body.tool_choice = toolChoiceOf(params.toolChoice, params.parallelToolCalls);
  if (stream) body.stream = true;
  return body;
}
