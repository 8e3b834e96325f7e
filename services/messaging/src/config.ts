import { TOKEN_AUDIENCE } from '@symbia/auth';
import {
  ConfigError,
  commaSeparated,
  loadServiceConfig,
  platformServiceFields,
  platformServiceSettings,
  type BaseServiceConfig,
  type PlatformServiceSettings,
} from '@symbia/kit';
import { relayServiceSettingsFrom, type RelayServiceSettings } from '@symbia/relay';
import { z } from 'zod';

type Env = Readonly<Record<string, string | undefined>>;

export interface ChatSettings {
  /** `DEMO_CHAT_ENABLED=false` turns the website chat off (W1). */
  enabled: boolean;
  provider: string;
  model: string;
  temperature: number;
  maxTokens: number;
  /** W1: content cap in characters. */
  maxContentChars: number;
  /** Requests per minute per client (principal when authenticated, else the client address). */
  perClientPerMinute: number;
  /** Requests per minute across all clients of this process. */
  globalPerMinute: number;
  /** W1: the catalog lookup runs before headers are sent, so it is bounded. */
  catalogTimeoutMs: number;
  /** Bound on the whole upstream answer. */
  upstreamTimeoutMs: number;
  /** Peers whose `X-Forwarded-For` is believed (the website proxy); empty = the socket address only. */
  trustedProxies: readonly string[];
}

export interface MessagingSettings extends PlatformServiceSettings {
  catalogUrl: string;
  integrationsUrl: string;
  assistantsUrl: string;
  assistantsWebhookUrl: string;
  assistantsControlUrl: string;
  webhookTimeoutMs: number;
  socketPingIntervalMs: number;
  socketPingTimeoutMs: number;
  /** Turns on the Socket.IO Redis adapter so replicas share rooms (DESIGN §4). */
  redisUrl: string | null;
  /** Channel prefix of the Redis adapter; replicas of one deployment share it. */
  redisKey: string;
  /** W14: socket events per socket per window. */
  socketEventWindowMs: number;
  socketEventMax: number;
  chat: Readonly<ChatSettings>;
  /** Joining the network (network.md §15) and verifying its events (NETWORK_HASH_SECRET; null: none accepted). */
  network: { relay: RelayServiceSettings; hashSecret: string | null };
}

export type MessagingConfig = BaseServiceConfig & { readonly messaging: Readonly<MessagingSettings> };

const bool = (fallback: 'true' | 'false') =>
  z
    .enum(['true', 'false'])
    .default(fallback)
    .transform((v) => v === 'true');
const ms = (fallback: number, max = 600_000) => z.coerce.number().int().min(1).max(max).default(fallback);
const url = z.string().trim().url().optional();

/** W2: the platform name wins, the legacy name is an alias, and only then the kit's localhost default. */
function peerUrl(env: Env, name: string, legacy: string, fallback: string): string {
  const value = env[name]?.trim() || env[legacy]?.trim();
  return (value || fallback).replace(/\/+$/, '');
}

export function loadMessagingConfig(env: Env = process.env): MessagingConfig {
  const base = loadServiceConfig({
    serviceId: 'messaging',
    env,
    extend: ({ secret }) => ({
      ...platformServiceFields('MESSAGING', secret),
      INTEGRATIONS_URL: url,
      CATALOG_URL: url,
      ASSISTANTS_WEBHOOK_URL: url,
      ASSISTANTS_CONTROL_URL: url,
      WEBHOOK_TIMEOUT_MS: ms(60_000),
      SOCKET_PING_INTERVAL_MS: ms(25_000),
      SOCKET_PING_TIMEOUT_MS: ms(60_000),
      REDIS_URL: z
        .string()
        .trim()
        .regex(/^rediss?:\/\//, 'must be a redis:// or rediss:// URL')
        .optional(),
      SOCKET_REDIS_KEY: z.string().trim().min(1).max(100).default('symbia:messaging'),
      SOCKET_EVENT_WINDOW_MS: ms(10_000),
      SOCKET_EVENT_MAX: z.coerce.number().int().min(1).default(200),
      DEMO_CHAT_ENABLED: bool('true'),
      DEMO_CHAT_PROVIDER: z.string().trim().min(1).default('huggingface'),
      DEMO_CHAT_MODEL: z.string().trim().min(1).default('meta-llama/Llama-3.2-3B-Instruct'),
      DEMO_CHAT_MAX_TOKENS: z.coerce.number().int().min(1).max(8192).default(512),
      DEMO_CHAT_MAX_CONTENT_CHARS: z.coerce.number().int().min(1).max(100_000).default(4_000),
      DEMO_CHAT_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(10),
      DEMO_CHAT_GLOBAL_RATE_PER_MINUTE: z.coerce.number().int().min(1).default(120),
      DEMO_CHAT_CATALOG_TIMEOUT_MS: ms(2_000, 10_000),
      DEMO_CHAT_UPSTREAM_TIMEOUT_MS: ms(60_000),
      DEMO_CHAT_TRUSTED_PROXIES: z.string().optional(),
      NETWORK_HASH_SECRET: secret(),
    }),
  });
  const relay = relayServiceSettingsFrom(env, { serviceId: 'messaging', host: base.host, port: base.port });
  if (relay.problems.length > 0) throw new ConfigError(relay.problems);
  const assistantsUrl = base.peers.assistants;
  const messaging: MessagingSettings = {
    ...platformServiceSettings(base, { prefix: 'MESSAGING', audience: TOKEN_AUDIENCE }),
    catalogUrl: peerUrl(env, 'CATALOG_SERVICE_URL', 'CATALOG_URL', base.peers.catalog),
    integrationsUrl: peerUrl(env, 'INTEGRATIONS_SERVICE_URL', 'INTEGRATIONS_URL', base.peers.integrations),
    assistantsUrl,
    assistantsWebhookUrl: base.ASSISTANTS_WEBHOOK_URL ?? `${assistantsUrl}/api/webhook/messaging`,
    assistantsControlUrl: base.ASSISTANTS_CONTROL_URL ?? `${assistantsUrl}/api/webhook/control`,
    webhookTimeoutMs: base.WEBHOOK_TIMEOUT_MS,
    socketPingIntervalMs: base.SOCKET_PING_INTERVAL_MS,
    socketPingTimeoutMs: base.SOCKET_PING_TIMEOUT_MS,
    redisUrl: base.REDIS_URL ?? null,
    redisKey: base.SOCKET_REDIS_KEY,
    // W14: the platform-wide RATE_LIMIT_* settings also bound socket events when they are on.
    socketEventWindowMs: base.rateLimit?.windowMs ?? base.SOCKET_EVENT_WINDOW_MS,
    socketEventMax: base.rateLimit?.max ?? base.SOCKET_EVENT_MAX,
    chat: Object.freeze({
      enabled: base.DEMO_CHAT_ENABLED,
      provider: base.DEMO_CHAT_PROVIDER,
      model: base.DEMO_CHAT_MODEL,
      temperature: 0.7,
      maxTokens: base.DEMO_CHAT_MAX_TOKENS,
      maxContentChars: base.DEMO_CHAT_MAX_CONTENT_CHARS,
      perClientPerMinute: base.DEMO_CHAT_RATE_PER_MINUTE,
      globalPerMinute: base.DEMO_CHAT_GLOBAL_RATE_PER_MINUTE,
      catalogTimeoutMs: base.DEMO_CHAT_CATALOG_TIMEOUT_MS,
      upstreamTimeoutMs: base.DEMO_CHAT_UPSTREAM_TIMEOUT_MS,
      trustedProxies: commaSeparated(base.DEMO_CHAT_TRUSTED_PROXIES),
    }),
    network: Object.freeze({ relay: relay.settings, hashSecret: base.NETWORK_HASH_SECRET ?? null }),
  };
  return Object.freeze({ ...base, messaging: Object.freeze(messaging) }) as MessagingConfig;
}
