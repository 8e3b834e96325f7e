import { invalidField } from './gateway-error.js';
import type { ChatMessage, ContentPart, LlmParams, OperationKind } from './normalized.js';

const PARAMS = 'body.params';

/** The system prompt aliases of spec §6.2, first one given wins. */
export function systemPromptOf(params: LlmParams): string | undefined {
  return params.system ?? params.systemPrompt ?? params.instructions;
}

/** `messages`, or `prompt` as one user turn; a system alias is prepended when no system message exists (§6.4). */
export function conversationOf(params: LlmParams): ChatMessage[] {
  const messages: ChatMessage[] =
    params.messages ?? (params.prompt !== undefined ? [{ role: 'user', content: params.prompt }] : []);
  const system = systemPromptOf(params);
  if (system !== undefined && !messages.some((m) => m.role === 'system'))
    return [{ role: 'system', content: system }, ...messages];
  return messages;
}

export function stopListOf(params: LlmParams): string[] | undefined {
  if (params.stop !== undefined) return typeof params.stop === 'string' ? [params.stop] : params.stop;
  return params.stopSequences;
}

/** The text of a message's content (image parts contribute nothing). */
export function textOf(content: string | ContentPart[] | null): string {
  if (content === null) return '';
  if (typeof content === 'string') return content;
  return content.map((part) => (part.type === 'text' ? part.text : '')).join('');
}

/** Spec §6.1 `estimateTokens` (chars / 4), from a character count: used only when an upstream reports no usage. */
export function estimateTokens(chars: number): number {
  return Math.ceil(chars / 4);
}

/** Checks every provider shares (spec §6.2); adapters add their own. Throws a 400 naming the field. */
export function validateCommon(kind: OperationKind, params: LlmParams): void {
  if (kind === 'embeddings') {
    if (params.input === undefined && params.text === undefined)
      throw invalidField(`${PARAMS}.input`, 'is required for embeddings (or text)');
    if (Array.isArray(params.input) && params.input.length === 0)
      throw invalidField(`${PARAMS}.input`, 'must not be empty');
    return;
  }
  if (params.messages === undefined && params.prompt === undefined)
    throw invalidField(`${PARAMS}.messages`, 'is required: either messages or prompt');
  if (params.messages !== undefined && params.prompt !== undefined)
    throw invalidField(`${PARAMS}.prompt`, 'cannot be combined with messages');
  if (params.messages?.length === 0) throw invalidField(`${PARAMS}.messages`, 'must contain at least one message');
  const toolIds = new Set<string>();
  params.messages?.forEach((message, index) => {
    for (const call of message.tool_calls ?? []) toolIds.add(call.id);
    if (message.tool_calls && message.role !== 'assistant')
      throw invalidField(`${PARAMS}.messages.${index}.tool_calls`, 'is only allowed on assistant messages');
    if (message.role === 'tool' && !message.tool_call_id)
      throw invalidField(`${PARAMS}.messages.${index}.tool_call_id`, 'is required on tool messages');
    if (message.role === 'tool' && !toolIds.has(message.tool_call_id!)) {
      throw invalidField(
        `${PARAMS}.messages.${index}.tool_call_id`,
        'does not match a tool call of an earlier assistant message',
      );
    }
    if (message.content === null && !(message.role === 'assistant' && message.tool_calls?.length)) {
      throw invalidField(
        `${PARAMS}.messages.${index}.content`,
        'may be null only on assistant messages with tool_calls',
      );
    }
  });
  if (
    params.toolChoice !== undefined &&
    params.toolChoice !== 'none' &&
    params.toolChoice !== 'auto' &&
    !params.tools?.length
  ) {
    throw invalidField(`${PARAMS}.toolChoice`, 'needs tools');
  }
  if (params.responseFormat === 'json_schema' && params.jsonSchema === undefined)
    throw invalidField(`${PARAMS}.jsonSchema`, 'is required when responseFormat is json_schema');
}
