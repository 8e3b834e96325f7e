import type { FabricContext } from './context.js';

export interface SweepResult {
  removedNodes: string[];
  removedContracts: string[];
}

/**
 * §5.1 maintenance sweep: unregisters nodes whose last heartbeat is older than `nodeTimeoutMs` (seed nodes are
 * exempt, network W21) and deletes contracts past `expiresAt` (compared as instants, network W15). Contracts of a
 * removed node go with it and are not listed twice.
 */
export function sweep(ctx: FabricContext, nodeTimeoutMs: number, now: number): SweepResult {
  const { state } = ctx;
  const removedNodes: string[] = [];
  for (const [nodeId, record] of state.nodes) {
    if (record.seedExempt) continue;
    const last = Date.parse(record.node.lastHeartbeat);
    if (!(now - last > nodeTimeoutMs)) continue;
    removedNodes.push(nodeId);
  }
  for (const nodeId of removedNodes) ctx.commit({ kind: 'node.remove', nodeId });
  const removedContracts: string[] = [];
  for (const [contractId, record] of state.contracts) {
    if (record.expiresAtMs <= now) removedContracts.push(contractId);
  }
  for (const contractId of removedContracts) ctx.commit({ kind: 'contract.delete', contractId });
  return { removedNodes, removedContracts };
}
