import { randomUUID } from 'node:crypto';
import { boundaries as allBoundaries, type Boundary, type Contract } from '@symbia/relay';
import { isNonEmptyString, isoAt, isRecord, type FabricContext } from './context.js';
import { NetworkDomainError } from './errors.js';
import type { NodeOwner } from './types.js';

export interface ContractInput {
  from: string;
  to: string;
  allowedEventTypes: string[];
  boundaries: Boundary[];
  expiresAt?: string;
}

const refuse = (message: string, field: string) => new NetworkDomainError('invalid_contract', message, field);

/** §13.1 [req]: non-empty string list of types, boundaries a non-empty subset of the three, a parseable expiry. */
export function parseContractInput(input: unknown): ContractInput {
  if (!isRecord(input)) throw refuse('contract must be an object', 'body');
  const { from, to, allowedEventTypes, boundaries, expiresAt } = input;
  if (!isNonEmptyString(from)) throw refuse('from must be a non-empty string', 'from');
  if (!isNonEmptyString(to)) throw refuse('to must be a non-empty string', 'to');
  if (!Array.isArray(allowedEventTypes) || allowedEventTypes.length === 0 || !allowedEventTypes.every(isNonEmptyString))
    throw refuse('allowedEventTypes must be a non-empty array of strings', 'allowedEventTypes');
  if (
    !Array.isArray(boundaries) ||
    boundaries.length === 0 ||
    !boundaries.every((b) => (allBoundaries as readonly unknown[]).includes(b))
  )
    throw refuse(`boundaries must be a non-empty subset of: ${allBoundaries.join(', ')}`, 'boundaries');
  if (expiresAt !== undefined && (typeof expiresAt !== 'string' || Number.isNaN(Date.parse(expiresAt))))
    throw refuse('expiresAt must be an ISO date-time', 'expiresAt');
  return {
    from,
    to,
    allowedEventTypes: [...allowedEventTypes],
    boundaries: [...new Set(boundaries as Boundary[])],
    ...(expiresAt === undefined ? {} : { expiresAt }),
  };
}

/** Stored as a normalised UTC instant, so every later comparison is between instants (network W15). */
function normaliseInstant(value: string): string {
  const ms = Date.parse(value);
  if (Number.isNaN(ms)) throw refuse('expiresAt must be an ISO date-time', 'expiresAt');
  return new Date(ms).toISOString();
}

/** Contracts (docs/spec/network.md §3.2). Expired ones stay until the sweep but routing ignores them at once. */
export function createContracts(ctx: FabricContext) {
  const { state } = ctx;
  return {
    /** `actor` set (an agent over a socket): `from` must be a node it owns (§12.3 [req]). */
    create(input: ContractInput, actor?: NodeOwner): Contract {
      const source = state.nodes.get(input.from);
      if (!source) throw new NetworkDomainError('contract_source_not_found', 'One or both nodes not found', 'from');
      if (actor && source.owner.key !== actor.key)
        throw new NetworkDomainError('node_owned_by_another', 'Contract source is owned by another principal', 'from');
      const contract: Contract = {
        id: randomUUID(),
        from: input.from,
        to: input.to,
        allowedEventTypes: [...input.allowedEventTypes],
        boundaries: [...input.boundaries],
        createdAt: isoAt(ctx.clock.now()),
        ...(input.expiresAt === undefined ? {} : { expiresAt: normaliseInstant(input.expiresAt) }),
      };
      ctx.commit({ kind: 'contract.create', contract });
      return structuredClone(contract);
    },

    delete(contractId: string): void {
      if (!state.contracts.has(contractId)) throw new NetworkDomainError('contract_not_found', 'Contract not found');
      ctx.commit({ kind: 'contract.delete', contractId });
    },

    get: (contractId: string): Contract | undefined => {
      const record = state.contracts.get(contractId);
      return record ? structuredClone(record.contract) : undefined;
    },

    /** With `nodeId`: contracts where it is `from` or `to` (§13.1). */
    list(nodeId?: string): Contract[] {
      const records = [...state.contracts.values()];
      const picked =
        nodeId === undefined
          ? records
          : records.filter((record) => record.contract.from === nodeId || record.contract.to === nodeId);
      return picked.map((record) => structuredClone(record.contract));
    },
  };
}

export type ContractStore = ReturnType<typeof createContracts>;
