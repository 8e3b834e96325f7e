import type { Contract, EventTrace, NetworkNode, SandboxEvent } from '@symbia/relay';
import type { FabricState } from './fabric-state.js';

/**
 * Who is looking at the views (§12.4 [req], network W10): a super admin (and platform principals) see everything;
 * anyone else sees the nodes of their organisations plus platform service nodes (type `service`, no org).
 */
export type Viewer = { readonly all: true } | { readonly all?: false; readonly orgIds: ReadonlySet<string> };

export const everything: Viewer = { all: true };

type Reach = 'own' | 'platform' | 'other';

function reachOf(viewer: { orgIds: ReadonlySet<string> }, node: NetworkNode | undefined): Reach {
  // A node that is gone can no longer be attributed: treated as another org's.
  if (!node) return 'other';
  const orgId = node.metadata?.orgId;
  if (typeof orgId === 'string') return viewer.orgIds.has(orgId) ? 'own' : 'other';
  return node.type === 'service' ? 'platform' : 'other';
}

export function canSeeNode(viewer: Viewer, node: NetworkNode): boolean {
  return viewer.all === true || reachOf(viewer, node) !== 'other';
}

/**
 * Events and traces are visible only when they touch one of the viewer's own nodes. Traffic among platform
 * services (messaging → assistants `message.new`) carries every org's data, so platform nodes being visible
 * never makes traffic visible: that would leak each org's messages to every member of every other org.
 */
function touchesOwnNode(state: FabricState, viewer: Viewer, nodeIds: Iterable<string>): boolean {
  if (viewer.all === true) return true;
  for (const nodeId of nodeIds) if (reachOf(viewer, state.nodes.get(nodeId)?.node) === 'own') return true;
  return false;
}

/** Contracts carry no payloads: those among platform services are shown beside the platform nodes themselves. */
function canSeeLink(state: FabricState, viewer: Viewer, nodeIds: readonly string[]): boolean {
  if (viewer.all === true) return true;
  const reaches = nodeIds.map((nodeId) => reachOf(viewer, state.nodes.get(nodeId)?.node));
  return reaches.includes('own') || reaches.every((reach) => reach === 'platform');
}

function* eventNodes(event: SandboxEvent): Generator<string> {
  yield event.wrapper.source;
  if (event.wrapper.target !== undefined) yield event.wrapper.target;
  yield* event.wrapper.path;
}

export const canSeeEvent = (state: FabricState, viewer: Viewer, event: SandboxEvent): boolean =>
  touchesOwnNode(state, viewer, eventNodes(event));

/** A trace is judged by its event, or (its event evicted from history) by its hops. */
export function canSeeTrace(
  state: FabricState,
  viewer: Viewer,
  trace: EventTrace,
  event: SandboxEvent | undefined,
): boolean {
  if (event) return canSeeEvent(state, viewer, event);
  return touchesOwnNode(
    state,
    viewer,
    trace.path.map((hop) => hop.node),
  );
}

/** A contract to `*` is judged by its source alone. */
export const canSeeContract = (state: FabricState, viewer: Viewer, contract: Contract): boolean =>
  canSeeLink(state, viewer, contract.to === '*' ? [contract.from] : [contract.from, contract.to]);

/** Whether a node id may be named in a view (flow nodes): a registered node the viewer can see. */
export function canSeeNodeId(state: FabricState, viewer: Viewer, nodeId: string): boolean {
  if (viewer.all === true) return true;
  const node = state.nodes.get(nodeId)?.node;
  return node !== undefined && canSeeNode(viewer, node);
}
