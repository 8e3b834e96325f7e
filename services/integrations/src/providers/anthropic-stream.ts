import type { StreamDelta } from '../gateway/normalized.js';
import type { SseEvent } from '../sse/sse-parser.js';
import { mapFinishReason } from './finish-reason.js';
import type { StreamDecoder } from './provider-adapter.js';
import {
  UpstreamProtocolError,
  isRecord,
  malformed,
  nonNegativeInt,
  parseJsonChunk,
} from './upstream-protocol-error.js';

type Data = Record<string, unknown>;

/**
 * Anthropic Messages SSE (`message_start`, `content_block_start|delta|stop`, `message_delta`, `message_stop`,
 * `ping`, `error`) → normalized deltas. Unknown event types are skipped, as Anthropic asks clients to do.
 * Text blocks are separated by "\n", matching how the non-streamed answer joins them.
 */
export function createAnthropicStreamDecoder(): StreamDecoder {
  const toolIndexOfBlock = new Map<number, number>();
  let textBlocks = 0;
  let done = false;

  const messageStart = (data: Data, out: StreamDelta[]) => {
    const message = isRecord(data.message) ? data.message : null;
    if (!message) throw malformed('message_start event (no message)');
    out.push({
      kind: 'meta',
      ...(typeof message.model === 'string' && { model: message.model }),
      ...(typeof message.id === 'string' && { id: message.id }),
    });
    const usage = isRecord(message.usage) ? message.usage : {};
    out.push({
      kind: 'usage',
      promptTokens: nonNegativeInt(usage.input_tokens),
      completionTokens: nonNegativeInt(usage.output_tokens),
    });
  };
  const blockStart = (data: Data, out: StreamDelta[]) => {
    const block = isRecord(data.content_block) ? data.content_block : null;
    if (!block || typeof data.index !== 'number') throw malformed('content_block_start event');
    if (block.type === 'tool_use') {
      const toolIndex = toolIndexOfBlock.size;
      toolIndexOfBlock.set(data.index, toolIndex);
      out.push({
        kind: 'tool_call',
        index: toolIndex,
        arguments: '',
        ...(typeof block.id === 'string' && { id: block.id }),
        ...(typeof block.name === 'string' && { name: block.name }),
      });
    } else if (block.type === 'text') {
      if (textBlocks > 0) out.push({ kind: 'content', text: '\n' });
      textBlocks += 1;
      if (typeof block.text === 'string' && block.text.length > 0) out.push({ kind: 'content', text: block.text });
    }
  };
  const blockDelta = (data: Data, out: StreamDelta[]) => {
    const delta = isRecord(data.delta) ? data.delta : null;
    if (!delta || typeof data.index !== 'number') throw malformed('content_block_delta event');
    if (delta.type === 'text_delta' && typeof delta.text === 'string') {
      if (delta.text.length > 0) out.push({ kind: 'content', text: delta.text });
    } else if (delta.type === 'input_json_delta' && typeof delta.partial_json === 'string') {
      const toolIndex = toolIndexOfBlock.get(data.index);
      if (toolIndex === undefined) throw malformed('input_json_delta for a block that is not a tool_use');
      out.push({ kind: 'tool_call', index: toolIndex, arguments: delta.partial_json });
    }
  };
  const messageDelta = (data: Data, out: StreamDelta[]) => {
    const delta = isRecord(data.delta) ? data.delta : {};
    const usage = isRecord(data.usage) ? data.usage : {};
    out.push({
      kind: 'usage',
      promptTokens: nonNegativeInt(usage.input_tokens),
      completionTokens: nonNegativeInt(usage.output_tokens),
    });
    if (typeof delta.stop_reason === 'string') out.push({ kind: 'finish', reason: mapFinishReason(delta.stop_reason) });
  };

  return {
    get finished() {
      return done;
    },
    push(event: SseEvent, out: StreamDelta[]) {
      if (done) return;
      const data = parseJsonChunk(event.data);
      switch (typeof data.type === 'string' ? data.type : event.event) {
        case 'message_start':
          return messageStart(data, out);
        case 'content_block_start':
          return blockStart(data, out);
        case 'content_block_delta':
          return blockDelta(data, out);
        case 'message_delta':
          return messageDelta(data, out);
        case 'message_stop':
          done = true;
          return;
        case 'error': {
          const error = isRecord(data.error) ? data.error : {};
          throw new UpstreamProtocolError(
            'error_event',
            typeof error.message === 'string' ? error.message : 'error event',
            typeof error.type === 'string' ? error.type : undefined,
          );
        }
        default:
          return;
      }
    },
    end() {
      if (!done) throw new UpstreamProtocolError('truncated', 'stream ended before message_stop');
    },
  };
}
