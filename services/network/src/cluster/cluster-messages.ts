import type { SandboxEvent } from '@symbia/relay';
import type { FabricChange, FabricChangeKind, FabricSnapshot } from '../domain/index.js';

/** Subjects under one prefix (default `symbia.network`), so several clusters (or test runs) can share a server. */
export const clusterSubjects = (prefix: string) => ({
  changes: `${prefix}.changes`,
  snapshot: `${prefix}.snapshot`,
  deliver: (replicaId: string) => `${prefix}.deliver.${replicaId}`,
});

export interface ChangeMessage {
  replicaId: string;
  change: FabricChange;
}
export interface SnapshotReply {
  replicaId: string;
  snapshot: FabricSnapshot;
}
export interface DeliverRequest {
  nodeId: string;
  event: SandboxEvent;
}
export interface DeliverReply {
  delivered: boolean;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
export const encode = (value: unknown): Uint8Array => encoder.encode(JSON.stringify(value));

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** JSON from the bus, or undefined when it is not JSON (a foreign publisher on our subject). */
export function decode(data: Uint8Array): unknown {
  try {
    return JSON.parse(decoder.decode(data)) as unknown;
  } catch {
    return undefined;
  }
}

const changeKinds: ReadonlySet<FabricChangeKind> = new Set<FabricChangeKind>([
  'node.upsert',
  'node.remove',
  'node.heartbeat',
  'node.socket.attach',
  'node.socket.detach',
  'entity.bind',
  'entity.unbind',
  'contract.create',
  'contract.delete',
  'bridge.put',
  'bridge.delete',
  'policy.put',
  'policy.delete',
]);

export const isChangeMessage = (value: unknown): value is ChangeMessage =>
  isRecord(value) &&
  typeof value.replicaId === 'string' &&
  isRecord(value.change) &&
  changeKinds.has(value.change.kind as FabricChangeKind);

export const isSnapshotReply = (value: unknown): value is SnapshotReply =>
  isRecord(value) &&
  typeof value.replicaId === 'string' &&
  isRecord(value.snapshot) &&
  ['nodes', 'contracts', 'bridges', 'policies'].every((key) =>
    Array.isArray((value.snapshot as Record<string, unknown>)[key]),
  );

export const isDeliverRequest = (value: unknown): value is DeliverRequest =>
  isRecord(value) && typeof value.nodeId === 'string' && isRecord(value.event) && isRecord(value.event.wrapper);
