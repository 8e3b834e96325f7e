import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  createServiceNode,
  NetworkReceiveCodes,
  relayServiceSettingsFrom,
  type ScrapedMetric,
} from '../../src/index.js';
import { signedEnvelopeFor } from '../../src/testing/index.js';

const secret = randomUUID() + randomUUID();
const relayOff = relayServiceSettingsFrom(
  { NETWORK_RELAY_ENABLED: 'false' },
  { serviceId: 'messaging', host: '127.0.0.1', port: 5005 },
).settings;

const metricsRegistry = () => {
  const metrics: ScrapedMetric[] = [];
  return {
    names: () => metrics.map((metric) => metric.name),
    scrape: (name: string) => metrics.find((metric) => metric.name === name)!.get(),
    registerMetric: (metric: ScrapedMetric) => metrics.push(metric),
  };
};
const envelope = (key: string) =>
  signedEnvelopeFor(key, { type: 'test.ping', data: {}, source: 'assistants', target: 'messaging' });

describe('createServiceNode (network.md §15)', () => {
  it('puts the relay counters of its node in the service’s metrics registry, with no series until it joins', async () => {
    const metrics = metricsRegistry();
    createServiceNode({ serviceId: 'messaging', hashSecret: secret, metrics });
    expect(metrics.names()).toContain('relay_connected');
    expect(metrics.names()).toContain('relay_events_dropped_total');
    expect(await metrics.scrape('relay_connected')).toEqual({
      name: 'relay_connected',
      help: expect.any(String),
      type: 'gauge',
      aggregator: 'sum',
      values: [],
    });
  });

  it('verifies received envelopes with the hash secret', () => {
    const { receiver } = createServiceNode({ serviceId: 'messaging', hashSecret: secret, metrics: metricsRegistry() });
    const event = envelope(secret);
    expect(receiver.receive(event)).toEqual({ ok: true, eventId: event.wrapper.id });
    expect(receiver.receive(envelope(randomUUID()))).toMatchObject({
      status: 401,
      code: NetworkReceiveCodes.invalidSignature,
    });
  });

  it('without a hash secret its receive route accepts nothing (401 event_not_verifiable)', () => {
    const { receiver } = createServiceNode({ serviceId: 'messaging', hashSecret: null, metrics: metricsRegistry() });
    expect(receiver.receive(envelope(secret))).toMatchObject({ status: 401, code: NetworkReceiveCodes.unverifiable });
  });

  it('has no client while the relay is off, and leaving is then a no-op', async () => {
    const node = createServiceNode({ serviceId: 'messaging', hashSecret: secret, metrics: metricsRegistry() });
    expect(node.join({ settings: relayOff, tokenProvider: async () => 'unused' })).toBeNull();
    expect(node.client()).toBeNull();
    await expect(node.leave()).resolves.toBeUndefined();
  });
});
