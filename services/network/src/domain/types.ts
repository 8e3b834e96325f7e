/** Types only the network service needs, beside the wire model it shares with `@symbia/relay`. */
import type { LogLevel, NetworkNode, SandboxEvent } from '@symbia/relay';

export type * from '@symbia/relay/wire-types';

/** Who registered a node: only this principal may heartbeat, re-register or unregister it (network W1). */
export interface NodeOwner {
  /** `principal.type:principal.id`, e.g. `service:messaging`, `agent:assistant:onboarding`, `user:<uuid>`. */
  readonly key: string;
  /** The org the owning principal acted in, for tenancy views (§12.4); absent for platform services. */
  readonly orgId?: string;
}

/**
 * Hands a routed event to one target (§8). The router calls it only after every check passed (network W2) and
 * records `deliver` only when it resolves `true`: a real socket emission or a 2xx answer (network W5).
 */
export interface EventDeliverer {
  deliver(node: NetworkNode, event: SandboxEvent): Promise<boolean>;
}

/** Milliseconds since the epoch; injectable so tests and the sweep need no real waiting. */
export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** Bounds of the in-memory stores (docs/spec/network.md §2, §9). */
export interface FabricLimits {
  /** `MAX_EVENT_HISTORY_SIZE`: ring-buffer size of stored events. */
  readonly maxEventHistory: number;
  /** `MAX_TRACE_HISTORY_SIZE`: stored traces, oldest evicted first. */
  readonly maxTraceHistory: number;
  /** `NODE_TIMEOUT_MS`: a node whose last heartbeat is older is removed by the sweep. */
  readonly nodeTimeoutMs: number;
}

/** Telemetry hook for the `log` policy action and routing logs; never receives payload data (network W22). */
export type FabricLogger = (level: LogLevel, message: string, fields: Record<string, unknown>) => void;
