import type { SandboxEvent } from '@symbia/relay';
import { BRIDGE_TARGET_PREFIX } from './bridges.js';
import { matchesType } from './event-type-pattern.js';
import type { ContractRecord, FabricState } from './fabric-state.js';
import { evaluatePolicies, type PolicyDecision } from './policy-evaluator.js';
import type { FabricLogger } from './types.js';

/**
 * The outcome of steps 4–7 of docs/spec/network.md §7, computed by ONE function for both routing and simulation
 * (network W14). `stop` is set when the event must not be delivered: status and error as the trace records them.
 */
export interface RoutePlan {
  targets: string[];
  decision: PolicyDecision | undefined;
  stop?: { status: 'dropped' | 'error'; error: string; reason: PlanStopReason };
}

export type PlanStopReason =
  'source_not_found' | 'entity_not_connected' | 'no_contract' | 'no_targets' | 'policy_denied';

export interface PlanOptions {
  now: number;
  /** The `log` policy action's sink; undefined in simulations (no side effects). */
  log: FabricLogger | undefined;
  /** Simulation evaluates policies even without targets, to report what they would decide (§13.5). */
  evaluateWithoutTargets: boolean;
}

const permits = (record: ContractRecord, type: string, event: SandboxEvent, now: number) =>
  record.expiresAtMs > now && record.boundaries.has(event.wrapper.boundary) && matchesType(record.types, type);

/** §7 5b [req] (network W3): a live contract source → target, or source → `*`, allows the type and boundary. */
function contractPermits(state: FabricState, event: SandboxEvent, target: string, now: number): boolean {
  const ids = state.contractsByFrom.get(event.wrapper.source);
  if (!ids) return false;
  for (const id of ids) {
    const record = state.contracts.get(id)!;
    const to = record.contract.to;
    if (
      (to === target || (to === '*' && target !== event.wrapper.source)) &&
      permits(record, event.payload.type, event, now)
    )
      return true;
  }
  return false;
}

/** §7 5c: every live matching contract from the source; `*` expands to every node but the source; de-duplicated. */
function broadcastTargets(state: FabricState, event: SandboxEvent, now: number): string[] {
  const ids = state.contractsByFrom.get(event.wrapper.source);
  if (!ids) return [];
  const targets: string[] = [];
  // Few targets: an array scan de-duplicates; once `*` expands to the registry, a set does.
  let seen: Set<string> | undefined;
  for (const id of ids) {
    const record = state.contracts.get(id)!;
    if (!permits(record, event.payload.type, event, now)) continue;
    if (record.contract.to !== '*') {
      const to = record.contract.to;
      if (seen ? seen.has(to) : targets.includes(to)) continue;
      seen?.add(to);
      targets.push(to);
      continue;
    }
    seen ??= new Set(targets);
    for (const nodeId of state.nodes.keys()) {
      if (nodeId === event.wrapper.source || seen.has(nodeId)) continue;
      seen.add(nodeId);
      targets.push(nodeId);
    }
  }
  return targets;
}

/** §3.3: active bridges take `extra` events of their types as additional HTTP targets. */
function bridgeTargets(state: FabricState, event: SandboxEvent): string[] {
  if (event.wrapper.boundary !== 'extra' || state.bridges.size === 0) return [];
  const targets: string[] = [];
  for (const { bridge, types } of state.bridges.values())
    if (bridge.active && matchesType(types, event.payload.type)) targets.push(BRIDGE_TARGET_PREFIX + bridge.id);
  return targets;
}

function chooseTargets(state: FabricState, event: SandboxEvent, now: number): RoutePlan {
  const { wrapper, payload } = event;
  let explicit = wrapper.target;
  if (wrapper.targetEntityId !== undefined) {
    explicit = state.entities.get(wrapper.targetEntityId);
    if (explicit === undefined) {
      const error = `Target entity not connected: ${wrapper.targetEntityId}`;
      return { targets: [], decision: undefined, stop: { status: 'dropped', error, reason: 'entity_not_connected' } };
    }
  }
  if (explicit !== undefined) {
    if (!contractPermits(state, event, explicit, now)) {
      const error = `No contract permits ${payload.type} from ${wrapper.source} to ${explicit}`;
      return { targets: [], decision: undefined, stop: { status: 'dropped', error, reason: 'no_contract' } };
    }
    return { targets: [explicit, ...bridgeTargets(state, event)], decision: undefined };
  }
  const targets = broadcastTargets(state, event, now);
  for (const bridge of bridgeTargets(state, event)) targets.push(bridge);
  return { targets, decision: undefined };
}

export function planRoute(state: FabricState, event: SandboxEvent, options: PlanOptions): RoutePlan {
  const { wrapper, payload } = event;
  if (!state.nodes.has(wrapper.source)) {
    const error = `Source node not found: ${wrapper.source}`;
    return { targets: [], decision: undefined, stop: { status: 'error', error, reason: 'source_not_found' } };
  }
  const plan = chooseTargets(state, event, options.now);
  if (!plan.stop && plan.targets.length === 0)
    plan.stop = { status: 'dropped', error: 'No valid targets for event', reason: 'no_targets' };
  if (plan.stop && !options.evaluateWithoutTargets) return plan;

  const decision = evaluatePolicies(
    state.orderedPolicies(),
    {
      source: wrapper.source,
      target: wrapper.target ?? '',
      eventType: payload.type,
      boundary: wrapper.boundary,
      runId: wrapper.runId,
    },
    options.log,
  );
  plan.decision = decision;
  if (plan.stop) return plan;
  if (decision.action.type === 'deny') {
    const error = decision.action.reason ?? 'Denied by policy';
    plan.stop = { status: 'dropped', error, reason: 'policy_denied' };
  } else if (decision.action.type === 'route') {
    plan.targets = [decision.action.to];
  }
  return plan;
}
