import { TOKEN_AUDIENCE } from '@symbia/auth';
import {
  commaSeparated,
  loadServiceConfig,
  platformPeerFields,
  platformPeerSettings,
  type BaseServiceConfig,
  type PlatformPeerSettings,
} from '@symbia/kit';
import { randomBytes } from 'node:crypto';
import { z } from 'zod';

type Env = Readonly<Record<string, string | undefined>>;

/** The identity peer (`IDENTITY_SERVICE_URL`: JWKS, service token, API keys, revocations) plus network's own settings. */
export interface NetworkSettings extends PlatformPeerSettings {
  /** HMAC key of event envelopes (network.md §4). */
  hashSecret: string;
  /** True when no NETWORK_HASH_SECRET was given and a random per-process key is used (outside production only). */
  hashSecretGenerated: boolean;
  /** Period of the maintenance sweep (§5.1). */
  heartbeatIntervalMs: number;
  /** A node silent for longer is removed by the sweep. */
  nodeTimeoutMs: number;
  maxEventHistory: number;
  maxTraceHistory: number;
  /** Scale-out bus between network replicas (DESIGN §4); null runs everything in this process. */
  natsUrl: string | null;
  /** Subject prefix on NATS, so deployments (and test runs) sharing one NATS server stay apart. */
  natsSubjectPrefix: string;
  /** HTTP delivery: loopback/private hosts allowed in production (`host` or `host:port`), network W11. */
  deliveryAllowedHosts: readonly string[];
  /** HTTP delivery timeout (§8: 5 s). */
  deliveryTimeoutMs: number;
  /** Platform health probe timeout (§11: 3 s). */
  healthProbeTimeoutMs: number;
  /** Peers probed by `/api/platform/health` (§11), resolved like every peer URL (`<ID>_SERVICE_URL`). */
  healthPeers: Readonly<Record<string, string>>;
  /** Socket.IO ping settings. */
  socketPingIntervalMs: number;
  socketPingTimeoutMs: number;
  /** Socket events per socket per window (the platform RATE_LIMIT_* settings when enabled, network W19). */
  socketEventWindowMs: number;
  socketEventMax: number;
}

export type NetworkConfig = BaseServiceConfig & { readonly network: Readonly<NetworkSettings> };

const ms = (fallback: number, max = 86_400_000) => z.coerce.number().int().min(1).max(max).default(fallback);

/** §11: the services whose health the platform summary reports. */
export const probedServices = ['identity', 'logging', 'catalog', 'messaging', 'runtime', 'assistants'] as const;

export function loadNetworkConfig(env: Env = process.env): NetworkConfig {
  const base = loadServiceConfig({
    serviceId: 'network',
    env,
    extend: ({ secret }) => ({
      ...platformPeerFields(secret),
      NETWORK_HASH_SECRET: secret(),
      HEARTBEAT_INTERVAL_MS: ms(30_000),
      NODE_TIMEOUT_MS: ms(90_000),
      MAX_EVENT_HISTORY_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(10_000),
      MAX_TRACE_HISTORY_SIZE: z.coerce.number().int().min(1).max(1_000_000).default(5_000),
      NATS_URL: z
        .string()
        .trim()
        .regex(/^(nats|tls|wss?):\/\/\S+$/, 'must be a nats:// (or tls://, ws://, wss://) URL')
        .optional(),
      NATS_SUBJECT_PREFIX: z
        .string()
        .trim()
        .regex(/^[A-Za-z0-9_-]+(\.[A-Za-z0-9_-]+)*$/, 'must be dot-separated letters, digits, _ and -')
        .max(100)
        .default('symbia.network'),
      NETWORK_DELIVERY_ALLOWED_HOSTS: z.string().optional(),
      NETWORK_DELIVERY_TIMEOUT_MS: ms(5_000, 60_000),
      SOCKET_PING_INTERVAL_MS: ms(25_000, 600_000),
      SOCKET_PING_TIMEOUT_MS: ms(20_000, 600_000),
      SOCKET_EVENT_WINDOW_MS: ms(10_000, 600_000),
      SOCKET_EVENT_MAX: z.coerce.number().int().min(1).default(2_000),
    }),
  });
  const generated = base.NETWORK_HASH_SECRET === undefined;
  const network: NetworkSettings = {
    ...platformPeerSettings(base, { audience: TOKEN_AUDIENCE }),
    // Production refuses to start without a strong key (the kit's secret rules). Outside production an unset key is
    // a random one per process, never a constant (network.md §2 legacy used a fixed key; decision in the README):
    // receivers then cannot verify, and main.ts warns.
    hashSecret: base.NETWORK_HASH_SECRET ?? randomBytes(32).toString('base64url'),
    hashSecretGenerated: generated,
    heartbeatIntervalMs: base.HEARTBEAT_INTERVAL_MS,
    nodeTimeoutMs: base.NODE_TIMEOUT_MS,
    maxEventHistory: base.MAX_EVENT_HISTORY_SIZE,
    maxTraceHistory: base.MAX_TRACE_HISTORY_SIZE,
    natsUrl: base.NATS_URL ?? null,
    natsSubjectPrefix: base.NATS_SUBJECT_PREFIX,
    deliveryAllowedHosts: commaSeparated(base.NETWORK_DELIVERY_ALLOWED_HOSTS, (h) => h.toLowerCase()),
    deliveryTimeoutMs: base.NETWORK_DELIVERY_TIMEOUT_MS,
    healthProbeTimeoutMs: 3_000,
    healthPeers: Object.freeze(Object.fromEntries(probedServices.map((id) => [id, base.peers[id]]))),
    socketPingIntervalMs: base.SOCKET_PING_INTERVAL_MS,
    socketPingTimeoutMs: base.SOCKET_PING_TIMEOUT_MS,
    socketEventWindowMs: base.rateLimit?.windowMs ?? base.SOCKET_EVENT_WINDOW_MS,
    socketEventMax: base.rateLimit?.max ?? base.SOCKET_EVENT_MAX,
  };
  return Object.freeze({ ...base, network: Object.freeze(network) }) as NetworkConfig;
}
