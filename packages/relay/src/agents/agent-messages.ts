/** Agent event types (libraries.md §5.3). */
export const AgentEventTypes = Object.freeze({
  message: 'agent.message',
  request: 'agent.request',
  response: 'agent.response',
  error: 'agent.error',
  ack: 'agent.ack',
  ping: 'agent.ping',
  pong: 'agent.pong',
} as const);

export const agentContentTypes = ['json', 'text', 'binary'] as const;
export type AgentContentType = (typeof agentContentTypes)[number];

export const agentPriorities = ['low', 'normal', 'high', 'critical'] as const;
export type AgentPriority = (typeof agentPriorities)[number];

/** What `sendAgentMessage` takes (libraries.md §5.3). */
export interface AgentMessage {
  content: unknown;
  contentType?: AgentContentType;
  correlationId?: string;
  priority?: AgentPriority;
  ttlMs?: number;
  metadata?: Record<string, unknown>;
}

/** `payload.data` of an `agent.message`: the message with its defaults filled in. */
export interface AgentMessageData {
  content: unknown;
  contentType: AgentContentType;
  priority: AgentPriority;
  correlationId?: string;
  ttlMs?: number;
  metadata?: Record<string, unknown>;
}

/** What `sendAgentRequest` takes; it travels as the `request` of the client's request data, with `ttlMs`. */
export interface AgentRequest {
  content: unknown;
  metadata?: Record<string, unknown>;
}

export interface AgentRequestData extends AgentRequest {
  /** How long the requester waits: an answer after it is useless. */
  ttlMs: number;
}

/** `sendAgentRequest` never throws: the answer or why there is none. */
export type AgentRequestOutcome<T = unknown> = { response: T; eventId: string } | { error: string };

/** The message with its defaults, refusing values outside the spec's lists (callers may be plain JavaScript). */
export function agentMessageData(message: AgentMessage): AgentMessageData {
  const contentType = message.contentType ?? 'json';
  const priority = message.priority ?? 'normal';
  if (!agentContentTypes.includes(contentType)) {
    throw new TypeError(`contentType must be one of ${agentContentTypes.join(', ')}`);
  }
  if (!agentPriorities.includes(priority)) throw new TypeError(`priority must be one of ${agentPriorities.join(', ')}`);
  if (message.ttlMs !== undefined && (!Number.isFinite(message.ttlMs) || message.ttlMs <= 0)) {
    throw new TypeError('ttlMs must be a positive number');
  }
  return {
    content: message.content,
    contentType,
    priority,
    ...(message.correlationId !== undefined && { correlationId: message.correlationId }),
    ...(message.ttlMs !== undefined && { ttlMs: message.ttlMs }),
    ...(message.metadata !== undefined && { metadata: message.metadata }),
  };
}
