import type {
  Boundary,
  Contract,
  EventPayload,
  EventTrace,
  NetworkNode,
  NetworkTopology,
  SandboxEvent,
} from '../wire-types.js';
import type { EventHandler } from './event-dispatcher.js';
import type { WatchFilter, WatchHandler } from './watches.js';

export interface SendOptions {
  target?: string;
  causedBy?: string;
  boundary?: Boundary;
  sourceEntityId?: string;
  targetEntityId?: string;
}

export interface PublishOptions extends SendOptions {
  /** Default: a fresh `run_<uuid>`. */
  runId?: string;
}

export interface SendResult {
  eventId: string;
  trace: EventTrace;
}

/** `sent`: handed to the connected socket now; `queued`: kept in the outbox until the next registration. */
export type PublishOutcome = 'sent' | 'queued';

export interface RequestOptions {
  timeoutMs?: number;
  boundary?: Boundary;
  runId?: string;
}

export interface RelayResponse<T = unknown> {
  response: T;
  event: SandboxEvent;
}

export type RequestHandler = (request: unknown, event: SandboxEvent) => unknown;

/** The counters a service shows in /metrics (registerRelayMetrics). */
export interface RelayStats {
  ready: boolean;
  /** Events waiting in the outbox now. */
  queued: number;
  outboxLimit: number;
  /** Events dropped from the full outbox since start. */
  dropped: number;
  /** Events the network acknowledged with `ok: true`. */
  sent: number;
  /** Events the network refused (`ok: false`: not authenticated, not the source's owner, malformed). */
  rejected: number;
  /** Events whose acknowledgement never came (connection lost or timed out). */
  failed: number;
  inFlight: number;
  /** Successful registrations after the first (reconnects). */
  reregistrations: number;
}

/** libraries.md §5.1 `RelayClient`, with `publish` (the bounded outbox) and request/response. */
export interface RelayClient {
  /** Resolves with the node after the first registration; rejects on a refused registration, a connect error or 10 s. */
  connect(): Promise<NetworkNode>;
  /** `node:unregister` when registered, then close; pending requests are rejected. */
  disconnect(): Promise<void>;
  /** `event:send` now; rejects when not registered or when the network refuses the event. */
  send(payload: EventPayload, runId: string, options?: SendOptions): Promise<SendResult>;
  /** Fire and forget: never throws, never waits; queued (bounded) while not registered. */
  publish(type: string, data: unknown, options?: PublishOptions): PublishOutcome;
  /** `contract:create` from this node, once. */
  createContract(to: string, types: string[], boundaries?: Boundary[], expiresAt?: string): Promise<Contract>;
  /**
   * A contract this node needs for as long as it runs: created at every registration, so it is back after the
   * network restarted (its state is in memory, network.md §1). Failures are logged.
   */
  declareContract(to: string, types: string[], boundaries?: Boundary[]): void;
  onEvent(type: string, handler: EventHandler): () => void;
  onAnyEvent(handler: EventHandler): () => void;
  /** Sends `type` to `target` and resolves with the correlated answer (`responseTypeOf(type)`), or rejects on timeout. */
  request<T = unknown>(
    target: string,
    type: string,
    data: unknown,
    options?: RequestOptions,
  ): Promise<RelayResponse<T>>;
  /** Answers requests of `type`: the handler's value (or its error message) goes back to the requester. */
  onRequest(type: string, handler: RequestHandler): () => void;
  /** An SDN watch; the returned id stays valid across reconnects (the watch is re-subscribed). */
  watch(filter: WatchFilter, handler: WatchHandler): Promise<string>;
  unwatch(subscriptionId: string): Promise<boolean>;
  getTopology(): Promise<NetworkTopology>;
  /** Events that reached this node another way (HTTP delivery, receiver/) go to the same handlers. */
  deliver(event: SandboxEvent): void;
  /** Capabilities announced from the next registration on (idempotent initialisation merges them). */
  addCapabilities(capabilities: readonly string[]): void;
  isReady(): boolean;
  getNodeId(): string;
  stats(): RelayStats;
}
