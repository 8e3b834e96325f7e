import { describe, expect, it } from 'vitest';
import { createRelayRegistry, joinNetwork, relayServiceSettingsFrom } from '../../src/index.js';

const service = { serviceId: 'messaging', host: '0.0.0.0', port: 5005 };

describe('relayServiceSettingsFrom (libraries.md §5.2 variables)', () => {
  it('defaults to the network on localhost:5054 and the service’s own receive route', () => {
    const { settings, problems } = relayServiceSettingsFrom({}, service);
    expect(problems).toEqual([]);
    expect(settings).toEqual({
      networkUrl: 'http://localhost:5054',
      endpoint: 'http://localhost:5005/api/network/receive',
      outboxLimit: 1000,
      heartbeatIntervalMs: 30_000,
    });
  });

  it('takes NETWORK_ENDPOINT over NETWORK_SERVICE_URL, and the service URL the platform gives it', () => {
    const { settings } = relayServiceSettingsFrom(
      {
        NETWORK_ENDPOINT: 'http://net:7000/',
        NETWORK_SERVICE_URL: 'http://other:1',
        MESSAGING_SERVICE_URL: 'http://messaging.internal:5005/',
        NETWORK_RELAY_OUTBOX_LIMIT: '10',
        NETWORK_RELAY_HEARTBEAT_MS: '5000',
      },
      service,
    );
    expect(settings).toMatchObject({
      networkUrl: 'http://net:7000',
      endpoint: 'http://messaging.internal:5005/api/network/receive',
      outboxLimit: 10,
      heartbeatIntervalMs: 5000,
    });
    expect(relayServiceSettingsFrom({ NETWORK_RELAY_ENDPOINT: 'https://x/recv' }, service).settings.endpoint).toBe(
      'https://x/recv',
    );
  });

  it('is off with NETWORK_RELAY_ENABLED=false or a URL of none/disabled', () => {
    for (const env of [
      { NETWORK_RELAY_ENABLED: 'false' },
      { NETWORK_SERVICE_URL: 'none' },
      { NETWORK_ENDPOINT: 'disabled' },
    ]) {
      expect(relayServiceSettingsFrom(env, service).settings.networkUrl).toBeNull();
    }
  });

  it('names each bad variable', () => {
    const { problems } = relayServiceSettingsFrom(
      {
        NETWORK_RELAY_ENABLED: 'maybe',
        NETWORK_SERVICE_URL: 'ftp://net',
        NETWORK_RELAY_OUTBOX_LIMIT: '-1',
        NETWORK_RELAY_HEARTBEAT_MS: 'soon',
        NETWORK_RELAY_ENDPOINT: 'file:///x',
      },
      service,
    );
    expect(problems.join('\n')).toMatch(/NETWORK_RELAY_ENABLED/);
    expect(problems.join('\n')).toMatch(/NETWORK_SERVICE_URL/);
    expect(problems.join('\n')).toMatch(/NETWORK_RELAY_OUTBOX_LIMIT/);
    expect(problems.join('\n')).toMatch(/NETWORK_RELAY_HEARTBEAT_MS/);
    expect(problems.join('\n')).toMatch(/NETWORK_RELAY_ENDPOINT/);
  });
});

describe('joinNetwork', () => {
  it('returns null and opens nothing when the relay is off', () => {
    const registry = createRelayRegistry();
    const { settings } = relayServiceSettingsFrom({ NETWORK_RELAY_ENABLED: 'false' }, service);
    expect(joinNetwork({ serviceId: 'messaging', settings, tokenProvider: async () => 'unused', registry })).toBeNull();
    expect(registry.get('messaging')).toBeUndefined();
  });
});
