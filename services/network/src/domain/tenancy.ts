import type { EventTrace, NetworkNode, SandboxEvent } from '@symbia/relay';
import type { FabricState } from './fabric-state.js';

/**
 * Who is looking at the views (§12.4 [req], network W10): a super admin (and platform principals) see everything;
 * anyone else sees the nodes of their organisations plus platform service nodes.
 */
export type Viewer = { readonly all: true } | { readonly all?: false; readonly orgIds: ReadonlySet<string> };

export const everything: Viewer = { all: true };

export function canSeeNode(viewer: Viewer, node: NetworkNode): boolean {
  if (viewer.all === true) return true;
  const orgId = node.metadata?.orgId;
  if (typeof orgId === 'string') return viewer.orgIds.has(orgId);
  return node.type === 'service';
}

/** A node id is visible when it names a registered, visible node (a removed node's events are hidden). */
export function canSeeNodeId(state: FabricState, viewer: Viewer, nodeId: string): boolean {
  if (viewer.all === true) return true;
  const record = state.nodes.get(nodeId);
  return record !== undefined && canSeeNode(viewer, record.node);
}

/** An event is visible when its source, its target, or a node it reached is visible (§10.2). */
export function canSeeEvent(state: FabricState, viewer: Viewer, event: SandboxEvent): boolean {
  if (viewer.all === true) return true;
  const { wrapper } = event;
  if (canSeeNodeId(state, viewer, wrapper.source)) return true;
  if (wrapper.target !== undefined && canSeeNodeId(state, viewer, wrapper.target)) return true;
  return wrapper.path.some((nodeId) => canSeeNodeId(state, viewer, nodeId));
}

/** A trace is visible when its event is, or (its event evicted) when one of its hops is. */
export function canSeeTrace(
  state: FabricState,
  viewer: Viewer,
  trace: EventTrace,
  event: SandboxEvent | undefined,
): boolean {
  if (viewer.all === true) return true;
  if (event) return canSeeEvent(state, viewer, event);
  return trace.path.some((hop) => canSeeNodeId(state, viewer, hop.node));
}
