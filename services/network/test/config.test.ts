import { ConfigError } from '@symbia/kit';
import { describe, expect, it } from 'vitest';
import { loadNetworkConfig } from '../src/config.js';

const strong = 'q3Zt8wYv1LmN0pRs5KxC2aHdJf7GbUe9';

describe('network configuration (network.md §2)', () => {
  it('defaults to port 5054 and the spec’s intervals and bounds', () => {
    const config = loadNetworkConfig({ NODE_ENV: 'development' });
    expect(config.port).toBe(5054);
    expect(config.network).toMatchObject({
      heartbeatIntervalMs: 30_000,
      nodeTimeoutMs: 90_000,
      maxEventHistory: 10_000,
      maxTraceHistory: 5_000,
      natsUrl: null,
      deliveryTimeoutMs: 5_000,
    });
    expect(loadNetworkConfig({ NETWORK_PORT: '6000', PORT: '7000' }).port).toBe(6000);
    expect(loadNetworkConfig({ PORT: '7000' }).port).toBe(7000);
  });

  it('uses a random per-process hash key outside production when none is set, never a constant', () => {
    const a = loadNetworkConfig({ NODE_ENV: 'development' }).network;
    const b = loadNetworkConfig({ NODE_ENV: 'development' }).network;
    expect(a.hashSecretGenerated).toBe(true);
    expect(a.hashSecret).not.toBe(b.hashSecret);
    expect(a.hashSecret).not.toBe('symbia-network-dev-only');
    expect(loadNetworkConfig({ NETWORK_HASH_SECRET: strong }).network).toMatchObject({
      hashSecret: strong,
      hashSecretGenerated: false,
    });
  });

  it('refuses to start in production without a strong NETWORK_HASH_SECRET', () => {
    const production = { NODE_ENV: 'production', INTERNAL_SERVICE_SECRET: strong.split('').reverse().join('') };
    expect(() => loadNetworkConfig(production)).toThrow(ConfigError);
    expect(() => loadNetworkConfig(production)).toThrow(/NETWORK_HASH_SECRET/);
    for (const weak of ['symbia-network-dev-only', 'short', 'abababababababababababababababab'])
      expect(() => loadNetworkConfig({ ...production, NETWORK_HASH_SECRET: weak })).toThrow(/NETWORK_HASH_SECRET/);
    expect(loadNetworkConfig({ ...production, NETWORK_HASH_SECRET: strong }).network.hashSecret).toBe(strong);
  });

  it('validates NATS_URL and the numeric settings', () => {
    expect(loadNetworkConfig({ NATS_URL: 'nats://127.0.0.1:4222' }).network.natsUrl).toBe('nats://127.0.0.1:4222');
    expect(() => loadNetworkConfig({ NATS_URL: 'http://x' })).toThrow(/NATS_URL/);
    expect(() => loadNetworkConfig({ HEARTBEAT_INTERVAL_MS: '0' })).toThrow(/HEARTBEAT_INTERVAL_MS/);
    expect(() => loadNetworkConfig({ MAX_EVENT_HISTORY_SIZE: 'many' })).toThrow(/MAX_EVENT_HISTORY_SIZE/);
  });

  it('applies the platform rate limit to socket events when RATE_LIMIT_ENABLED (network W19)', () => {
    const config = loadNetworkConfig({ RATE_LIMIT_ENABLED: 'true', RATE_LIMIT_MAX_REQUESTS: '7' });
    expect(config.rateLimit).toMatchObject({ max: 7 });
    expect(config.network.socketEventMax).toBe(7);
  });
});
