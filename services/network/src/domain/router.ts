import { performance } from 'node:perf_hooks';
import type { EnvelopeSigner } from '@symbia/relay';
import type { EventRequest, EventTrace, HopAction, NetworkNode, SandboxEvent, TraceHop } from '@symbia/relay';
import { BRIDGE_TARGET_PREFIX } from './bridges.js';
import { isoAt, isRecord, type FabricContext } from './context.js';
import { createEnvelope } from './event-request.js';
import type { EventHistory } from './event-history.js';
import type { PolicyDecision } from './policy-evaluator.js';
import { planRoute } from './route-planner.js';
import type { TraceStore } from './trace-store.js';
import type { EventDeliverer, FabricLogger } from './types.js';

export interface RouterDeps {
  ctx: FabricContext;
  signer: EnvelopeSigner;
  deliverer: EventDeliverer;
  history: EventHistory;
  traces: TraceStore;
  log: FabricLogger | undefined;
  /** Called once per finished trace (the shell notifies `sdn:watch` subscribers, network W13). */
  onTraceFinished: ((event: SandboxEvent, trace: EventTrace) => void) | undefined;
}

export interface RouteResult {
  event: SandboxEvent;
  trace: EventTrace;
}

export interface SimulationResult {
  wouldSucceed: boolean;
  event: SandboxEvent;
  reason?: string;
  sourceNode?: { id: string; name: string; type: string };
  targets?: Array<{ id: string; name?: string; type?: string; exists: boolean }>;
  policyResult?: PolicyDecision;
  reasons?: string[];
}

/** §3.4 transform: top-level keys of `payload.data` renamed per mapping (other values are left alone). */
function renameKeys(data: unknown, mapping: Record<string, string>): unknown {
  if (!isRecord(data)) return data;
  const renamed: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(data)) {
    // Own mapping entries only (`constructor` is not a rename), defined as own data properties (`__proto__` too).
    const to = Object.hasOwn(mapping, key) ? mapping[key]! : key;
    Object.defineProperty(renamed, to, { value, enumerable: true, writable: true, configurable: true });
  }
  return renamed;
}

export function createRouter(deps: RouterDeps) {
  const { ctx, signer, deliverer, history, traces } = deps;
  const { state } = ctx;

  const targetNode = (target: string): NetworkNode | undefined => {
    if (!target.startsWith(BRIDGE_TARGET_PREFIX)) return state.nodes.get(target)?.node;
    const record = state.bridges.get(target.slice(BRIDGE_TARGET_PREFIX.length));
    if (!record) return undefined;
    const { bridge } = record;
    // A bridge has no socket: the deliverer POSTs to its endpoint.
    return {
      id: target,
      name: bridge.name,
      type: 'bridge',
      capabilities: [],
      endpoint: bridge.endpoint,
      registeredAt: bridge.createdAt,
      lastHeartbeat: bridge.createdAt,
    };
  };

  /** §7 step 8: deliver in order; `path` grows just before each delivery; a hop succeeds only on a real delivery. */
  async function deliverAll(event: SandboxEvent, targets: string[], decision: PolicyDecision): Promise<TraceHop[]> {
    const success: HopAction =
      decision.action.type === 'route' ? 'forward' : decision.action.type === 'transform' ? 'transform' : 'deliver';
    const hops: TraceHop[] = [];
    for (const target of targets) {
      const node = targetNode(target);
      const started = performance.now();
      if (!node) {
        hops.push({ node: target, timestamp: isoAt(ctx.clock.now()), durationMs: 0, action: 'drop' });
        continue;
      }
      event.wrapper.path.push(target);
      let delivered = false;
      try {
        delivered = await deliverer.deliver(node, event);
      } catch (error) {
        // A deliverer should resolve false; one that throws loses this target only, not the others.
        deps.log?.('warn', 'network.event.delivery_failed', {
          eventId: event.wrapper.id,
          target,
          error: String(error),
        });
      }
      const hop: TraceHop = {
        node: target,
        timestamp: isoAt(ctx.clock.now()),
        durationMs: performance.now() - started,
        action: delivered ? success : 'drop',
      };
      if (decision.policyId !== undefined) hop.policyId = decision.policyId;
      hops.push(hop);
    }
    return hops;
  }

  /** §3.4 route/transform: the envelope changes, so it is re-signed. */
  function applyDecision(event: SandboxEvent, decision: PolicyDecision): void {
    const action = decision.action;
    if (action.type === 'route') event.wrapper.target = action.to;
    else if (action.type === 'transform') event.payload.data = renameKeys(event.payload.data, action.mapping);
    else return;
    event.hash = signer.sign(event);
  }

  function finish(event: SandboxEvent, trace: EventTrace, started: number): RouteResult {
    trace.totalDurationMs = performance.now() - started;
    traces.add(trace);
    deps.onTraceFinished?.(event, trace);
    return { event, trace };
  }

  return {
    /** docs/spec/network.md §7, steps 1–11. Never throws: failures are in the trace. */
    async route(request: EventRequest): Promise<RouteResult> {
      const started = performance.now();
      const now = ctx.clock.now();
      const event = createEnvelope(request, now);
      event.hash = signer.sign(event);
      history.add(event);
      const trace: EventTrace = {
        eventId: event.wrapper.id,
        runId: event.wrapper.runId,
        path: [],
        totalDurationMs: 0,
        status: 'pending',
      };
      try {
        // §7 step 3 (verify the hash) is left out on purpose: the network signed this envelope a moment ago, and
        // checking its own MAC proves nothing (network W4). Receivers verify, with a replay window.
        const plan = planRoute(state, event, { now, log: deps.log, evaluateWithoutTargets: false });
        if (plan.stop) {
          trace.status = plan.stop.status;
          trace.error = plan.stop.error;
          if (plan.stop.reason === 'policy_denied') {
            const hop: TraceHop = { node: event.wrapper.source, timestamp: isoAt(now), durationMs: 0, action: 'drop' };
            if (plan.decision?.policyId !== undefined) hop.policyId = plan.decision.policyId;
            trace.path.push(hop);
          }
          return finish(event, trace, started);
        }
        const decision = plan.decision!;
        applyDecision(event, decision);
        trace.path = await deliverAll(event, plan.targets, decision);
        const delivered = trace.path.some((hop) => hop.action !== 'drop');
        trace.status = delivered ? 'delivered' : 'dropped';
        if (!delivered) trace.error = 'All deliveries failed';
      } catch (error) {
        trace.status = 'error';
        trace.error = error instanceof Error ? error.message : String(error);
      }
      return finish(event, trace, started);
    },

    /** §13.5: the same plan as `route`, with no history, trace, delivery or log (network W14, scenario 18). */
    simulate(request: EventRequest): SimulationResult {
      const now = ctx.clock.now();
      const event = createEnvelope(request, now);
      event.hash = signer.sign(event);
      const source = state.nodes.get(request.source)?.node;
      if (!source) return { wouldSucceed: false, reason: 'Source node not registered', event };
      const plan = planRoute(state, event, { now, log: undefined, evaluateWithoutTargets: true });
      const decision = plan.decision ?? { action: { type: 'allow' as const } };
      const reasons: string[] = [];
      if (plan.stop && plan.stop.reason !== 'policy_denied' && plan.stop.reason !== 'no_targets')
        reasons.push(plan.stop.error);
      if (plan.targets.length === 0) reasons.push('No valid targets found');
      if (decision.action.type === 'deny') reasons.push(`Denied by policy: ${decision.policyId ?? 'unknown'}`);
      return {
        wouldSucceed: plan.targets.length > 0 && decision.action.type !== 'deny',
        event,
        sourceNode: { id: source.id, name: source.name, type: source.type },
        targets: plan.targets.map((id) => {
          const node = targetNode(id);
          return node ? { id, name: node.name, type: node.type, exists: true } : { id, exists: false };
        }),
        policyResult: decision,
        reasons,
      };
    },
  };
}

export type Router = ReturnType<typeof createRouter>;
