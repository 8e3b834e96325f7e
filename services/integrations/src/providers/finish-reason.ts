import type { FinishReason } from '../gateway/normalized.js';

/** Spec §6.3 generic mapping (case-insensitive); anything unknown or missing reads as `stop`. */
export function mapFinishReason(raw: unknown): FinishReason {
  if (typeof raw !== 'string') return 'stop';
  switch (raw.toLowerCase()) {
    case 'length':
    case 'max_tokens':
      return 'length';
    case 'content_filter':
    case 'safety':
    case 'refusal':
      return 'content_filter';
    case 'tool_calls':
    case 'function_call':
    case 'tool_use':
      return 'tool_calls';
    case 'incomplete':
      return 'incomplete';
    default:
      return 'stop';
  }
}
