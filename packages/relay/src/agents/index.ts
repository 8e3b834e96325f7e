export {
  agentContentTypes,
  AgentEventTypes,
  agentMessageData,
  agentPriorities,
  type AgentContentType,
  type AgentMessage,
  type AgentMessageData,
  type AgentPriority,
  type AgentRequest,
  type AgentRequestData,
  type AgentRequestOutcome,
} from './agent-messages.js';
export {
  createAgentRelays,
  DEFAULT_AGENT_REQUEST_TIMEOUT_MS,
  processAgentRelays,
  type AgentRelays,
  type AgentRelaysOptions,
  type InitAgentRelayOptions,
} from './agent-relays.js';
