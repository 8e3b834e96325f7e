import { randomUUID } from 'node:crypto';
import { bridgeTypes, type Bridge, type BridgeType } from '@symbia/relay';
import { isNonEmptyString, isoAt, isRecord, type FabricContext } from './context.js';
import { NetworkDomainError } from './errors.js';

export interface BridgeInput {
  name: string;
  type: BridgeType;
  endpoint: string;
  eventTypes: string[];
  config?: Record<string, unknown>;
}

const refuse = (message: string, field: string) => new NetworkDomainError('invalid_bridge', message, field);

export function parseBridgeInput(input: unknown): BridgeInput {
  if (!isRecord(input)) throw refuse('bridge must be an object', 'body');
  const { name, type, endpoint, eventTypes, config } = input;
  if (!isNonEmptyString(name)) throw refuse('name must be a non-empty string', 'name');
  if (typeof type !== 'string' || !(bridgeTypes as readonly string[]).includes(type))
    throw refuse(`Invalid type. Must be one of: ${bridgeTypes.join(', ')}`, 'type');
  if (!isNonEmptyString(endpoint)) throw refuse('endpoint must be a non-empty string', 'endpoint');
  if (!Array.isArray(eventTypes) || !eventTypes.every(isNonEmptyString))
    throw refuse('eventTypes must be an array of strings', 'eventTypes');
  if (config !== undefined && !isRecord(config)) throw refuse('config must be an object', 'config');
  return {
    name,
    type: type as BridgeType,
    endpoint,
    eventTypes: [...eventTypes],
    ...(config === undefined ? {} : { config: { ...config } }),
  };
}

/** Id prefix of a bridge when it appears as a delivery target (trace hops, `wrapper.path`). */
export const BRIDGE_TARGET_PREFIX = 'bridge:';

/**
 * Bridges (docs/spec/network.md §3.3 [req], first option): an active bridge receives every `extra`-boundary event
 * whose type matches its `eventTypes` (exact, `*` or `prefix.*`) as an additional target delivered over HTTP to
 * its endpoint (the deliverer's SSRF guard applies, network W11).
 */
export function createBridges(ctx: FabricContext) {
  const { state } = ctx;
  const recordOf = (bridgeId: string) => {
    const record = state.bridges.get(bridgeId);
    if (!record) throw new NetworkDomainError('bridge_not_found', 'Bridge not found');
    return record;
  };
  return {
    create(input: BridgeInput): Bridge {
      const bridge: Bridge = {
        id: randomUUID(),
        ...structuredClone(input),
        active: true,
        createdAt: isoAt(ctx.clock.now()),
      };
      ctx.commit({ kind: 'bridge.put', bridge });
      return structuredClone(bridge);
    },
    setActive(bridgeId: string, active: boolean): Bridge {
      const bridge = { ...structuredClone(recordOf(bridgeId).bridge), active };
      ctx.commit({ kind: 'bridge.put', bridge });
      return structuredClone(bridge);
    },
    delete(bridgeId: string): void {
      recordOf(bridgeId);
      ctx.commit({ kind: 'bridge.delete', bridgeId });
    },
    get: (bridgeId: string): Bridge | undefined => {
      const record = state.bridges.get(bridgeId);
      return record ? structuredClone(record.bridge) : undefined;
    },
    list: (): Bridge[] => [...state.bridges.values()].map((record) => structuredClone(record.bridge)),
  };
}

export type BridgeStore = ReturnType<typeof createBridges>;
