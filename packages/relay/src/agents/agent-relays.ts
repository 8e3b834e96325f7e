import { createRelayRegistry, processRelays, type RelayLease, type RelayRegistry } from '../client/relay-registry.js';
import { errorText } from '../client/relay-logger.js';
import type { RelayClient, SendResult } from '../client/relay-client-types.js';
import type { RelayClientConfig } from '../client/relay-config.js';
import type { EventHandler } from '../client/event-dispatcher.js';
import {
  agentMessageData,
  AgentEventTypes,
  type AgentMessage,
  type AgentRequest,
  type AgentRequestData,
  type AgentRequestOutcome,
} from './agent-messages.js';

export interface InitAgentRelayOptions {
  /** The agent's id at identity; the node id it registers with (network.md §12.3: an agent registers only its own). */
  agentId: string;
  agentName: string;
  /** The agent's token from identity (or a provider asked at every connection, for renewed tokens). */
  authToken: RelayClientConfig['authToken'];
  capabilities?: string[];
  /** Default: the registry's `networkUrl`. */
  networkUrl?: string;
  eventHandlers?: Record<string, EventHandler>;
}

export interface AgentRelaysOptions {
  /** The network URL agents use when `initAgentRelay` names none (the caller's config resolves it: STYLE 10). */
  networkUrl?: string;
  /** Where the connections are held: one per node id (libraries W7). Default: a registry of this object's own. */
  relays?: RelayRegistry;
  /** Client settings for every agent (reconnect delays, logger, envelope verifier). */
  clientDefaults?: Partial<Omit<RelayClientConfig, 'nodeId' | 'nodeType' | 'authToken' | 'networkUrl'>>;
}

/**
 * The agent helpers of libraries.md §5.3 as an object: every agent connection of a process (or of a test) is held
 * here, in sight, instead of in a module-level map (libraries W11). Several agents may run in one process.
 */
export interface AgentRelays {
  /** Registers the agent as an `assistant` node with its own id; rejects when it cannot (no socket left behind). */
  initAgentRelay(options: InitAgentRelayOptions): Promise<RelayClient>;
  getAgentRelay(agentId: string): RelayClient | undefined;
  disconnectAgentRelay(agentId: string): Promise<void>;
  disconnectAllAgentRelays(): Promise<void>;
  /** `agent.message` with boundary `inter`; rejects when the agent is not connected or the network refuses it. */
  sendAgentMessage(target: string, message: AgentMessage, runId: string, fromAgentId?: string): Promise<SendResult>;
  /**
   * `agent.request` over the client's request/response (`RelayClient.request`): `{ response, eventId }` from the
   * answer, `{ error }` when the answer is an error, after `timeoutMs`, or when the request could not be sent.
   */
  sendAgentRequest<T = unknown>(
    target: string,
    request: AgentRequest,
    runId: string,
    timeoutMs?: number,
    fromAgentId?: string,
  ): Promise<AgentRequestOutcome<T>>;
  /** Ids of the agents connected through this object. */
  agentIds(): string[];
}

interface HeldAgent {
  lease: RelayLease;
  unsubscribe: Array<() => void>;
}

export const DEFAULT_AGENT_REQUEST_TIMEOUT_MS = 30_000;

export function createAgentRelays(options: AgentRelaysOptions = {}): AgentRelays {
  const relays = options.relays ?? createRelayRegistry();
  const agents = new Map<string, HeldAgent>();
  const opening = new Map<string, Promise<RelayClient>>();

  const release = async (agentId: string) => {
    const held = agents.get(agentId);
    if (!held) return;
    agents.delete(agentId);
    for (const unsubscribe of held.unsubscribe) unsubscribe();
    await held.lease.release();
  };

  const senderOf = (fromAgentId: string | undefined): RelayClient => {
    if (fromAgentId !== undefined) {
      const held = agents.get(fromAgentId);
      if (!held) throw new Error(`agent ${fromAgentId} has no relay: call initAgentRelay first`);
      return held.lease.client;
    }
    // libraries.md §5.3: without fromAgentId the single registered agent sends; with several, which is ambiguous.
    if (agents.size === 1) return [...agents.values()][0]!.lease.client;
    throw new Error(
      agents.size === 0
        ? 'no agent relay: call initAgentRelay first'
        : 'several agents are registered: pass fromAgentId',
    );
  };

  const open = async (init: InitAgentRelayOptions): Promise<RelayClient> => {
    const networkUrl = init.networkUrl ?? options.networkUrl;
    if (!networkUrl) throw new Error(`agent ${init.agentId}: no network URL (pass networkUrl)`);
    const lease = relays.acquire({
      ...options.clientDefaults,
      networkUrl,
      nodeId: init.agentId,
      nodeName: init.agentName,
      nodeType: 'assistant',
      capabilities: init.capabilities ?? [],
      authToken: init.authToken,
    });
    const unsubscribe = Object.entries(init.eventHandlers ?? {}).map(([type, handler]) =>
      lease.client.onEvent(type, handler),
    );
    try {
      if (lease.created) await lease.client.connect();
    } catch (err) {
      for (const off of unsubscribe) off();
      await lease.release();
      throw new Error(`agent ${init.agentId} could not join the network: ${errorText(err)}`);
    }
    agents.set(init.agentId, { lease, unsubscribe });
    return lease.client;
  };

  const initAgentRelay = async (init: InitAgentRelayOptions): Promise<RelayClient> => {
    if (typeof init.agentId !== 'string' || init.agentId.length === 0) throw new TypeError('agentId is required');
    const held = agents.get(init.agentId);
    if (held) {
      // A second initialisation joins the first connection (libraries W7), adding what it brings.
      held.lease.client.addCapabilities(init.capabilities ?? []);
      for (const [type, handler] of Object.entries(init.eventHandlers ?? {})) {
        held.unsubscribe.push(held.lease.client.onEvent(type, handler));
      }
      return held.lease.client;
    }
    const pending = opening.get(init.agentId);
    if (pending) {
      // Opening already: wait for it, then join it as above (or fail as it did).
      await pending;
      return initAgentRelay(init);
    }
    const started = open(init).finally(() => opening.delete(init.agentId));
    opening.set(init.agentId, started);
    return started;
  };

  return {
    initAgentRelay,
    getAgentRelay: (agentId) => agents.get(agentId)?.lease.client,
    disconnectAgentRelay: release,
    async disconnectAllAgentRelays() {
      await Promise.all([...agents.keys()].map(release));
    },
    async sendAgentMessage(target, message, runId, fromAgentId) {
      const client = senderOf(fromAgentId);
      return client.send({ type: AgentEventTypes.message, data: agentMessageData(message) }, runId, {
        target,
        boundary: 'inter',
      });
    },
    async sendAgentRequest<T>(
      target: string,
      request: AgentRequest,
      runId: string,
      timeoutMs = DEFAULT_AGENT_REQUEST_TIMEOUT_MS,
      fromAgentId?: string,
    ): Promise<AgentRequestOutcome<T>> {
      try {
        const client = senderOf(fromAgentId);
        const data: AgentRequestData = {
          content: request.content,
          ...(request.metadata !== undefined && { metadata: request.metadata }),
          ttlMs: timeoutMs,
        };
        // The client correlates by `req_<ms>_<random>` and settles only on the target's `agent.response`.
        const { response, event } = await client.request<T>(target, AgentEventTypes.request, data, {
          timeoutMs,
          boundary: 'inter',
          runId,
        });
        return { response, eventId: event.wrapper.id };
      } catch (err) {
        return { error: errorText(err) };
      }
    },
    agentIds: () => [...agents.keys()],
  };
}

/** This process's agents, on the process's relay registry (`processRelays`): explicit, like it. */
export const processAgentRelays: AgentRelays = createAgentRelays({ relays: processRelays });
