import { randomBytes } from 'node:crypto';
import { createEnvelopeSigner, type Boundary, type NetworkNode, type NodeType, type SandboxEvent } from '@symbia/relay';
import { createNetworkFabric, type NodeOwner } from '../../src/domain/index.js';

export const T0 = Date.parse('2026-12-07T12:00:00.000Z');

export interface Delivery {
  nodeId: string;
  event: SandboxEvent;
  path: string[];
  hash: string;
}

/** A fabric over a recording deliverer (the real socket/HTTP deliverers are tested with the service shell). */
export function makeFabric(
  options: { maxEventHistory?: number; maxTraceHistory?: number; nodeTimeoutMs?: number } = {},
) {
  const secret = randomBytes(32);
  const signer = createEnvelopeSigner(secret);
  const clock = {
    value: T0,
    now() {
      return this.value;
    },
  };
  const deliveries: Delivery[] = [];
  const failing = new Set<string>();
  const logs: Array<{ level: string; message: string; fields: Record<string, unknown> }> = [];
  const finished: Array<{ event: SandboxEvent; status: string }> = [];
  const fabric = createNetworkFabric({
    signer,
    clock,
    limits: {
      maxEventHistory: options.maxEventHistory ?? 100,
      maxTraceHistory: options.maxTraceHistory ?? 100,
      nodeTimeoutMs: options.nodeTimeoutMs ?? 90_000,
    },
    deliverer: {
      deliver(node: NetworkNode, event: SandboxEvent) {
        if (failing.has(node.id)) return Promise.resolve(false);
        deliveries.push({ nodeId: node.id, event, path: [...event.wrapper.path], hash: event.hash });
        return Promise.resolve(true);
      },
    },
    onLog: (level, message, fields) => logs.push({ level, message, fields }),
    onTraceFinished: (event, trace) => finished.push({ event, status: trace.status }),
  });
  const owner = (key: string, orgId?: string): NodeOwner => (orgId === undefined ? { key } : { key, orgId });
  const addNode = (id: string, type: NodeType = 'service', nodeOwner: NodeOwner = owner(`service:${id}`)) =>
    fabric.registry.register({ id, name: id, type, capabilities: [], endpoint: `http://${id}.test/receive` }, nodeOwner)
      .node;
  return { fabric, signer, secret, clock, deliveries, failing, logs, finished, owner, addNode };
}

/** makeFabric with nodes `a` and `b` and a contract `a → b` for every event type on `boundaries`. */
export function makeFabricAToB(boundaries: Boundary[] = ['intra']) {
  const made = makeFabric();
  made.addNode('a');
  made.addNode('b');
  made.fabric.contracts.create({ from: 'a', to: 'b', allowedEventTypes: ['*'], boundaries });
  return made;
}
