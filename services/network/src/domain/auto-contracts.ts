import { randomUUID } from 'node:crypto';
import type { Contract } from '@symbia/relay';
import type { FabricState } from './fabric-state.js';

/** docs/spec/network.md §5.2: contracts created when a service node registers for the first time. */
const AUTO_CONTRACTS: ReadonlyArray<{ from: string; to: string; allowedEventTypes: string[] }> = [
  { from: 'messaging', to: 'assistants', allowedEventTypes: ['message.new', 'message.*'] },
  {
    from: 'assistants',
    to: 'messaging',
    allowedEventTypes: ['message.response', 'assistant.action.respond', 'assistant.*'],
  },
  {
    from: 'assistants',
    to: '*',
    allowedEventTypes: ['assistant.intent.claim', 'assistant.intent.defer', 'assistant.action.observe'],
  },
];

/**
 * The auto-contracts a first registration of service `nodeId` adds: a pattern fires when the node is its `from`,
 * or its `to` while the `from` node exists, and only when no contract with the same from/to exists yet.
 */
export function autoContractsFor(state: FabricState, nodeId: string, createdAt: string): Contract[] {
  const created: Contract[] = [];
  for (const pattern of AUTO_CONTRACTS) {
    const fires = pattern.from === nodeId || (pattern.to === nodeId && state.nodes.has(pattern.from));
    if (!fires) continue;
    const exists = [...(state.contractsByFrom.get(pattern.from) ?? [])].some(
      (id) => state.contracts.get(id)?.contract.to === pattern.to,
    );
    if (exists) continue;
    created.push({
      id: randomUUID(),
      from: pattern.from,
      to: pattern.to,
      allowedEventTypes: [...pattern.allowedEventTypes],
      boundaries: ['intra', 'inter'],
      createdAt,
    });
  }
  return created;
}
