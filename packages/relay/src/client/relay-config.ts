import type { EnvelopeVerifier } from '../envelope/index.js';
import type { NodeType } from '../wire-types.js';
import type { RelayLogger } from './relay-logger.js';

/** A bearer token for the handshake, or a function asked again on every (re)connection so it can be renewed. */
export type TokenProvider = string | (() => string | Promise<string>);

/** libraries.md §5.1 `RelayClient` config, plus the outbox and timing knobs of the network issue. */
export interface RelayClientConfig {
  /** The network service's base URL, e.g. `http://127.0.0.1:5054`. */
  networkUrl: string;
  nodeId: string;
  nodeName?: string;
  nodeType?: NodeType;
  capabilities?: string[];
  /** Where the network POSTs events while this node has no socket (`…/api/network/receive`). */
  endpoint?: string;
  metadata?: Record<string, unknown>;
  /** Sent as `entityId` on registration (network.md §6, ext). */
  entityId?: string;
  /** Handshake `auth: { token }`; a function is called on each connection attempt (service JWTs expire). */
  authToken?: TokenProvider;
  /** Called when the network refuses the handshake's token (expired, revoked, unknown key): drop a cached token. */
  onTokenRefused?: () => void;
  /** Reconnect after a lost connection or a failed start (default true). */
  autoReconnect?: boolean;
  heartbeatIntervalMs?: number;
  /** Bound on `connect()` (libraries.md §5.1 [req]: 10 s) and on each handshake. */
  connectTimeoutMs?: number;
  /** Reconnect backoff: first delay and cap (libraries.md §5.1: 1–5 s). */
  reconnectDelayMs?: number;
  reconnectDelayMaxMs?: number;
  /** How long an acknowledgement (register, send, watch, …) is awaited. */
  ackTimeoutMs?: number;
  /** Events `publish` keeps while not registered; beyond it the oldest is dropped and counted (default 1000). */
  outboxLimit?: number;
  /**
   * Checks events arriving on the socket (MAC, replay window, seen ids: network W4) when this process holds
   * NETWORK_HASH_SECRET; refused events are logged and dropped. Without it the authenticated socket is trusted.
   */
  envelopeVerifier?: EnvelopeVerifier;
  logger?: RelayLogger;
}

type DefaultedKey =
  | 'nodeType'
  | 'autoReconnect'
  | 'heartbeatIntervalMs'
  | 'connectTimeoutMs'
  | 'reconnectDelayMs'
  | 'reconnectDelayMaxMs'
  | 'ackTimeoutMs'
  | 'outboxLimit';

export type RelaySettings = RelayClientConfig & Required<Pick<RelayClientConfig, DefaultedKey>>;

export const relayDefaults: Readonly<Required<Pick<RelayClientConfig, DefaultedKey>>> = Object.freeze({
  nodeType: 'service',
  autoReconnect: true,
  heartbeatIntervalMs: 30_000,
  connectTimeoutMs: 10_000,
  reconnectDelayMs: 1_000,
  reconnectDelayMaxMs: 5_000,
  ackTimeoutMs: 10_000,
  outboxLimit: 1_000,
});

/** The config with every default filled in (an explicit `undefined` counts as absent). */
export function relaySettingsOf(config: RelayClientConfig): RelaySettings {
  return {
    ...config,
    nodeType: config.nodeType ?? relayDefaults.nodeType,
    autoReconnect: config.autoReconnect ?? relayDefaults.autoReconnect,
    heartbeatIntervalMs: config.heartbeatIntervalMs ?? relayDefaults.heartbeatIntervalMs,
    connectTimeoutMs: config.connectTimeoutMs ?? relayDefaults.connectTimeoutMs,
    reconnectDelayMs: config.reconnectDelayMs ?? relayDefaults.reconnectDelayMs,
    reconnectDelayMaxMs: config.reconnectDelayMaxMs ?? relayDefaults.reconnectDelayMaxMs,
    ackTimeoutMs: config.ackTimeoutMs ?? relayDefaults.ackTimeoutMs,
    outboxLimit: config.outboxLimit ?? relayDefaults.outboxLimit,
  };
}
