import {
  nodeTypes,
  type Bridge,
  type Contract,
  type EventTrace,
  type NetworkNode,
  type NodeType,
  type SandboxEvent,
} from '@symbia/relay';
import type { EventHistory } from './event-history.js';
import type { FabricState } from './fabric-state.js';
import {
  canSeeContract,
  canSeeEvent,
  canSeeNode,
  canSeeNodeId,
  canSeeTrace,
  everything,
  type Viewer,
} from './tenancy.js';
import type { TraceStore } from './trace-store.js';

export interface Topology {
  nodes: NetworkNode[];
  contracts: Contract[];
  bridges: Bridge[];
  timestamp: string;
}

export interface FlowView {
  runId: string;
  nodes: Array<{ id: string; name?: string; type?: NodeType }>;
  edges: Array<{ from: string; to: string; eventType: string; timestamp: string }>;
  eventCount: number;
}

export type EnrichedTrace = EventTrace & {
  path: Array<EventTrace['path'][number] & { nodeName: string; nodeType?: NodeType }>;
};

/** SoftSDN views (docs/spec/network.md §10.1), each limited to what the viewer may see (§12.4). */
export function createViews(state: FabricState, history: EventHistory, traces: TraceStore, now: () => number) {
  const visibleNodes = (viewer: Viewer) =>
    [...state.nodes.values()].map((record) => record.node).filter((node) => canSeeNode(viewer, node));
  const visibleContracts = (viewer: Viewer) =>
    [...state.contracts.values()]
      .map((record) => record.contract)
      .filter((contract) => canSeeContract(state, viewer, contract));
  const timestamp = () => new Date(now()).toISOString();

  /** Stats (§9); a tenant viewer gets counts over the events and traces it can see. */
  const stats = (viewer: Viewer = everything) => {
    if (viewer.all === true) return traces.stats(history.size);
    const events = history.recent(history.size).filter((event) => canSeeEvent(state, viewer, event));
    const counts = { totalEvents: events.length, totalTraces: 0, deliveredCount: 0, droppedCount: 0, errorCount: 0 };
    for (const event of events) {
      const trace = traces.get(event.wrapper.id);
      if (!trace) continue;
      counts.totalTraces += 1;
      if (trace.status === 'delivered') counts.deliveredCount += 1;
      else if (trace.status === 'dropped') counts.droppedCount += 1;
      else if (trace.status === 'error') counts.errorCount += 1;
    }
    return counts;
  };

  const trace = (eventId: string, viewer: Viewer = everything): EventTrace | undefined => {
    const found = traces.get(eventId);
    if (!found || !canSeeTrace(state, viewer, found, history.get(eventId))) return undefined;
    return structuredClone(found);
  };

  return {
    stats,
    trace,
    /** For the live watch stream (§10.2 [req]): whether `viewer` may receive this event. */
    canSeeEvent: (event: SandboxEvent, viewer: Viewer) => canSeeEvent(state, viewer, event),
    canSeeNode: (node: NetworkNode, viewer: Viewer) => canSeeNode(viewer, node),
    canSeeContract: (contract: Contract, viewer: Viewer) => canSeeContract(state, viewer, contract),
    topology(viewer: Viewer = everything): Topology {
      return structuredClone({
        nodes: visibleNodes(viewer),
        contracts: visibleContracts(viewer),
        bridges: [...state.bridges.values()].map((record) => record.bridge),
        timestamp: timestamp(),
      });
    },

    summary(viewer: Viewer = everything) {
      const nodes = visibleNodes(viewer);
      const byType = Object.fromEntries(nodeTypes.map((type) => [type, 0])) as Record<NodeType, number>;
      for (const node of nodes) byType[node.type] += 1;
      const bridges = [...state.bridges.values()];
      const policies = state.orderedPolicies();
      return {
        nodes: { total: nodes.length, byType, connected: nodes.filter((node) => node.socketId !== undefined).length },
        contracts: { total: visibleContracts(viewer).length },
        bridges: { total: bridges.length, active: bridges.filter((record) => record.bridge.active).length },
        events: stats(viewer),
        policies: { total: policies.length, enabled: policies.filter((p) => p.policy.enabled).length },
        timestamp: timestamp(),
      };
    },

    graph(viewer: Viewer = everything) {
      const nodes = visibleNodes(viewer);
      const adjacency: Record<string, string[]> = {};
      for (const contract of visibleContracts(viewer)) {
        // Adjacency comes from contracts whose `from` is a known node (§10.1).
        if (!state.nodes.has(contract.from)) continue;
        (adjacency[contract.from] ??= []).push(contract.to);
      }
      return {
        nodes: nodes.map((node) => ({
          id: node.id,
          name: node.name,
          type: node.type,
          connected: node.socketId !== undefined,
        })),
        adjacency,
        bridges: [...state.bridges.values()].map(({ bridge }) => ({
          id: bridge.id,
          name: bridge.name,
          type: bridge.type,
          active: bridge.active,
          eventTypes: [...bridge.eventTypes],
        })),
      };
    },

    /** §10.1 [req] (network W20): one edge per delivered target, `source → target`, never a chain of the path. */
    flow(runId: string, limit = 500, viewer: Viewer = everything): FlowView {
      const events = history.recent(limit, runId).filter((event) => canSeeEvent(state, viewer, event));
      const ids = new Set<string>();
      const edges: FlowView['edges'] = [];
      for (const event of events) {
        ids.add(event.wrapper.source);
        const trace = traces.get(event.wrapper.id);
        for (const hop of trace?.path ?? []) {
          if (hop.action === 'drop') continue;
          ids.add(hop.node);
          edges.push({
            from: event.wrapper.source,
            to: hop.node,
            eventType: event.payload.type,
            timestamp: hop.timestamp,
          });
        }
      }
      const nodes = [...ids]
        .filter((id) => canSeeNodeId(state, viewer, id))
        .map((id) => {
          const node = state.nodes.get(id)?.node;
          return node ? { id, name: node.name, type: node.type } : { id };
        });
      return { runId, nodes, edges, eventCount: events.length };
    },

    /** §10.1: each hop with `nodeName` (the id when the node is gone) and `nodeType`. */
    enrichedTrace(eventId: string, viewer: Viewer = everything): EnrichedTrace | undefined {
      const found = trace(eventId, viewer);
      if (!found) return undefined;
      return {
        ...found,
        path: found.path.map((hop) => {
          const node = state.nodes.get(hop.node)?.node;
          return node ? { ...hop, nodeName: node.name, nodeType: node.type } : { ...hop, nodeName: hop.node };
        }),
      };
    },

    tracesOfRun(runId: string, viewer: Viewer = everything): EventTrace[] {
      return traces
        .byRun(runId)
        .filter((trace) => canSeeTrace(state, viewer, trace, history.get(trace.eventId)))
        .map((trace) => structuredClone(trace));
    },

    /** `GET /api/events` (§13.2): the last `limit` visible events, oldest first, each with its trace if asked. */
    events(limit: number, options: { runId?: string; viewer?: Viewer } = {}) {
      const viewer = options.viewer ?? everything;
      const all = history.recent(history.size, options.runId).filter((event) => canSeeEvent(state, viewer, event));
      return structuredClone(all.slice(Math.max(0, all.length - limit)));
    },
  };
}

export type FabricViews = ReturnType<typeof createViews>;
