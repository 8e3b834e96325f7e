/**
 * The network's wire model (docs/spec/network.md §3, libraries.md §5): the shapes the network service stores and
 * routes and every relay client sends and receives. Declared once here; the network service imports them.
 */

export const nodeTypes = ['service', 'assistant', 'sandbox', 'bridge', 'client'] as const;
export type NodeType = (typeof nodeTypes)[number];

export const boundaries = ['intra', 'inter', 'extra'] as const;
export type Boundary = (typeof boundaries)[number];

export const bridgeTypes = ['webhook', 'websocket', 'grpc', 'custom'] as const;
export type BridgeType = (typeof bridgeTypes)[number];

export const traceStatuses = ['delivered', 'dropped', 'pending', 'error'] as const;
export type TraceStatus = (typeof traceStatuses)[number];

export const hopActions = ['forward', 'deliver', 'drop', 'transform'] as const;
export type HopAction = (typeof hopActions)[number];

export interface NetworkNode {
  id: string;
  name: string;
  type: NodeType;
  capabilities: string[];
  endpoint: string;
  socketId?: string;
  registeredAt: string;
  lastHeartbeat: string;
  metadata?: Record<string, unknown>;
  entityId?: string;
  entityBoundAt?: string;
}

export interface Contract {
  id: string;
  from: string;
  /** A node id or `*` (every node except the source). */
  to: string;
  allowedEventTypes: string[];
  boundaries: Boundary[];
  createdAt: string;
  expiresAt?: string;
}

export interface Bridge {
  id: string;
  name: string;
  type: BridgeType;
  endpoint: string;
  eventTypes: string[];
  active: boolean;
  config?: Record<string, unknown>;
  createdAt: string;
}

export const conditionFields = ['source', 'target', 'eventType', 'boundary', 'runId'] as const;
export type ConditionField = (typeof conditionFields)[number];
export const conditionOperators = ['eq', 'neq', 'contains', 'startsWith', 'regex'] as const;
export type ConditionOperator = (typeof conditionOperators)[number];
export const logLevels = ['debug', 'info', 'warn', 'error'] as const;
export type LogLevel = (typeof logLevels)[number];

export interface PolicyCondition {
  field: ConditionField;
  operator: ConditionOperator;
  value: string;
}

export type PolicyAction =
  | { type: 'allow' }
  | { type: 'deny'; reason?: string }
  | { type: 'route'; to: string }
  | { type: 'transform'; mapping: Record<string, string> }
  | { type: 'log'; level: LogLevel };
export const policyActionTypes = ['allow', 'deny', 'route', 'transform', 'log'] as const;

export interface Policy {
  id: string;
  name: string;
  priority: number;
  conditions: PolicyCondition[];
  action: PolicyAction;
  enabled: boolean;
  createdAt: string;
}

export interface EventPayload {
  type: string;
  data: unknown;
}

export interface EventWrapper {
  id: string;
  runId: string;
  timestamp: string;
  source: string;
  target?: string;
  causedBy?: string;
  path: string[];
  boundary: Boundary;
  sourceEntityId?: string;
  targetEntityId?: string;
}

/** The signed envelope (network.md §3.5); `hash` is HMAC-SHA256 over the canonical envelope (network.md §4). */
export interface SandboxEvent {
  payload: EventPayload;
  wrapper: EventWrapper;
  hash: string;
}

export interface TraceHop {
  node: string;
  timestamp: string;
  durationMs: number;
  policyId?: string;
  action: HopAction;
}

export interface EventTrace {
  eventId: string;
  runId: string;
  path: TraceHop[];
  totalDurationMs: number;
  status: TraceStatus;
  error?: string;
}

/** What a sender asks for (REST `POST /api/events`, socket `event:send`, in-process callers). */
export interface EventRequest {
  payload: EventPayload;
  source: string;
  runId: string;
  target?: string;
  causedBy?: string;
  boundary?: Boundary;
  sourceEntityId?: string;
  targetEntityId?: string;
}

/** The registry snapshot of `sdn:topology` and `GET /api/sdn/topology` (network.md §10.1). */
export interface NetworkTopology {
  nodes: NetworkNode[];
  contracts: Contract[];
  bridges: Bridge[];
  timestamp: string;
}
