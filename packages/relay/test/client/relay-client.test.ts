import { startNetworkPlatformForTests, type NetworkPlatformForTests } from '@symbia/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createRelayClient,
  createRelayRegistry,
  type RelayClient,
  type RelayClientConfig,
  type SandboxEvent,
  type WatchNotification,
} from '../../src/index.js';

/**
 * @symbia/relay against a real network service process (and a real identity issuing the service JWTs it
 * authenticates with): libraries.md §5.1, network.md §14–15 and the network issue's relay requirements.
 */
let platform: NetworkPlatformForTests;
const open: RelayClient[] = [];

beforeAll(async () => {
  platform = await startNetworkPlatformForTests();
});
afterAll(async () => {
  await platform?.close();
});
afterEach(async () => {
  await Promise.all(open.splice(0).map((client) => client.disconnect()));
});

const waitFor = async (what: string, check: () => boolean | Promise<boolean>, timeoutMs = 20_000) => {
  const until = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

/** A client for a platform service node, authenticated with that service's JWT (fetched at each connection). */
const serviceClient = (serviceId: string, extra: Partial<RelayClientConfig> = {}): RelayClient => {
  const client = createRelayClient({
    networkUrl: platform.network.url,
    nodeId: serviceId,
    authToken: () => platform.identity.serviceToken(serviceId),
    reconnectDelayMs: 200,
    reconnectDelayMaxMs: 500,
    ...extra,
  });
  open.push(client);
  return client;
};

const collect = () => {
  const events: SandboxEvent[] = [];
  return { events, handler: (event: SandboxEvent) => void events.push(event) };
};

describe('RelayClient against a real network service', () => {
  it('registers on connect and shows in the topology', async () => {
    const catalog = serviceClient('catalog', { capabilities: ['catalog.read'] });
    const node = await catalog.connect();
    expect(node).toMatchObject({ id: 'catalog', type: 'service', capabilities: ['catalog.read'] });
    expect(catalog.isReady()).toBe(true);
    expect(catalog.getNodeId()).toBe('catalog');
    const topology = await catalog.getTopology();
    expect(topology.nodes.map((n) => n.id)).toContain('catalog');
  });

  it('refuses to register without a token, and rejects connect()', async () => {
    const anonymous = createRelayClient({ networkUrl: platform.network.url, nodeId: 'catalog', autoReconnect: false });
    open.push(anonymous);
    await expect(anonymous.connect()).rejects.toThrow(/refused by network/);
    expect(anonymous.isReady()).toBe(false);
  });

  it('asks for a fresh token after the network refused one at the handshake, then registers', async () => {
    let refused = 0;
    const catalog = serviceClient('catalog', {
      authToken: async () => (refused > 0 ? platform.identity.serviceToken('catalog') : 'not-a-token'),
      onTokenRefused: () => void (refused += 1),
    });
    await expect(catalog.connect()).rejects.toThrow(/could not connect/);
    await waitFor('the registration with a fresh token', () => catalog.isReady());
    expect(refused).toBe(1);
  });

  it('refuses a node id that is not the service of the token', async () => {
    const impostor = createRelayClient({
      networkUrl: platform.network.url,
      nodeId: 'identity',
      authToken: () => platform.identity.serviceToken('catalog'),
      autoReconnect: false,
    });
    open.push(impostor);
    await expect(impostor.connect()).rejects.toThrow(/refused by network/);
  });

  it('delivers to subscribers by type and to * handlers, and a throwing handler stops no other', async () => {
    const catalog = serviceClient('catalog');
    const runtime = serviceClient('runtime');
    await Promise.all([catalog.connect(), runtime.connect()]);
    await catalog.createContract('runtime', ['test.*'], ['intra']);
    const typed = collect();
    const any = collect();
    runtime.onEvent('test.boom', () => {
      throw new Error('handler failure');
    });
    const unsubscribe = runtime.onEvent('test.ping', typed.handler);
    runtime.onAnyEvent(any.handler);

    const { eventId, trace } = await catalog.send({ type: 'test.ping', data: { n: 1 } }, 'run-typed');
    expect(trace.status).toBe('delivered');
    catalog.publish('test.boom', { n: 2 }, { runId: 'run-typed' });
    await waitFor('both events at the * handler', () => any.events.length === 2);
    expect(typed.events.map((e) => e.wrapper.id)).toEqual([eventId]);
    expect(typed.events[0]!.payload).toEqual({ type: 'test.ping', data: { n: 1 } });
    expect(any.events.map((e) => e.payload.type)).toEqual(['test.ping', 'test.boom']);

    unsubscribe();
    await catalog.send({ type: 'test.ping', data: { n: 3 } }, 'run-typed');
    await waitFor('the third event', () => any.events.length === 3);
    expect(typed.events).toHaveLength(1);
  });

  it('send() rejects while not connected and publish() queues instead of throwing', async () => {
    const catalog = serviceClient('catalog');
    await expect(catalog.send({ type: 'test.ping', data: {} }, 'r')).rejects.toThrow(/not connected/);
    expect(catalog.publish('test.ping', {})).toBe('queued');
    expect(catalog.stats()).toMatchObject({ queued: 1, dropped: 0 });
  });

  it('publish() never throws, even for data JSON cannot carry; the failure is counted', async () => {
    const catalog = serviceClient('catalog');
    await catalog.connect();
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => catalog.publish('test.cyclic', cyclic)).not.toThrow();
    expect(catalog.stats()).toMatchObject({ failed: 1, inFlight: 0 });
  });

  it('answers a request, reports a handler error, and times out without an answer', async () => {
    const catalog = serviceClient('catalog');
    const runtime = serviceClient('runtime');
    await Promise.all([catalog.connect(), runtime.connect()]);
    await catalog.createContract('runtime', ['test.*']);
    await runtime.createContract('catalog', ['test.*']);
    runtime.onRequest('test.echo.request', (request) => ({ echo: request }));
    runtime.onRequest('test.fail.request', () => {
      throw new Error('cannot do that');
    });

    const answer = await catalog.request('runtime', 'test.echo.request', { x: 1 }, { timeoutMs: 10_000 });
    expect(answer.response).toEqual({ echo: { x: 1 } });
    expect(answer.event.payload.type).toBe('test.echo.response');
    expect(answer.event.wrapper.source).toBe('runtime');
    await expect(catalog.request('runtime', 'test.fail.request', {}, { timeoutMs: 10_000 })).rejects.toThrow(
      'cannot do that',
    );
    await expect(catalog.request('runtime', 'test.silent.request', {}, { timeoutMs: 300 })).rejects.toThrow(
      'Request timed out after 300ms',
    );
    // No contract runtime → logging: the request is dropped by the network and fails at once.
    await expect(catalog.request('logging', 'test.echo.request', {}, { timeoutMs: 10_000 })).rejects.toThrow(
      /request dropped/,
    );
  });

  it('hands each watch only the events of its own subscription', async () => {
    const catalog = serviceClient('catalog');
    const runtime = serviceClient('runtime');
    await Promise.all([catalog.connect(), runtime.connect()]);
    await catalog.createContract('runtime', ['test.*']);
    const seenA: WatchNotification[] = [];
    const seenB: WatchNotification[] = [];
    await runtime.watch({ runId: 'watch-a' }, (n) => void seenA.push(n));
    const idB = await runtime.watch({ runId: 'watch-b' }, (n) => void seenB.push(n));

    await catalog.send({ type: 'test.a', data: {} }, 'watch-a');
    await catalog.send({ type: 'test.b', data: {} }, 'watch-b');
    await waitFor('one notification per watch', () => seenA.length === 1 && seenB.length === 1);
    expect(seenA[0]!.event.wrapper.runId).toBe('watch-a');
    expect(seenA[0]!.trace.status).toBe('delivered');
    expect(seenB[0]!.event.wrapper.runId).toBe('watch-b');

    expect(await runtime.unwatch(idB)).toBe(true);
    await catalog.send({ type: 'test.a', data: {} }, 'watch-a');
    await catalog.send({ type: 'test.b', data: {} }, 'watch-b');
    await waitFor('the second notification of watch a', () => seenA.length === 2);
    expect(seenB).toHaveLength(1);
  });

  it('holds one connection per node id per process: a second initialisation shares the first', async () => {
    const registry = createRelayRegistry();
    const config = {
      networkUrl: platform.network.url,
      nodeId: 'catalog',
      authToken: () => platform.identity.serviceToken('catalog'),
    };
    const first = registry.acquire({ ...config, capabilities: ['a'] });
    const second = registry.acquire({ ...config, capabilities: ['b'] });
    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(second.client).toBe(first.client);
    await first.client.connect();
    expect(registry.get('catalog')).toBe(first.client);

    await first.release();
    expect(second.client.isReady()).toBe(true);
    await second.release();
    expect(second.client.isReady()).toBe(false);
    expect(registry.get('catalog')).toBeUndefined();
  });
});

describe('RelayClient while the network restarts', () => {
  it('reconnects, registers again, restores its declared contracts and watches', async () => {
    const catalog = serviceClient('catalog');
    const runtime = serviceClient('runtime');
    await Promise.all([catalog.connect(), runtime.connect()]);
    catalog.declareContract('runtime', ['test.*']);
    const watched: WatchNotification[] = [];
    await runtime.watch({ runId: 'after-restart' }, (n) => void watched.push(n));

    await platform.network.stop();
    await waitFor('both clients to notice', () => !catalog.isReady() && !runtime.isReady());
    await platform.network.start();
    await waitFor('both clients registered again', () => catalog.isReady() && runtime.isReady());
    expect(catalog.stats().reregistrations).toBeGreaterThanOrEqual(1);

    const received = collect();
    runtime.onEvent('test.ping', received.handler);
    // The contract is restored just after registration; wait for it rather than racing it.
    await waitFor('the declared contract', async () =>
      (await catalog.getTopology()).contracts.some((c) => c.from === 'catalog' && c.to === 'runtime'),
    );
    const restored = (await catalog.getTopology()).contracts.filter((c) => c.from === 'catalog' && c.to === 'runtime');
    expect(restored).toHaveLength(1);
    const { trace } = await catalog.send({ type: 'test.ping', data: {} }, 'after-restart');
    expect(trace.status).toBe('delivered');
    await waitFor('the event and its watch notification', () => received.events.length === 1 && watched.length === 1);
  });

  it('a first connect() while the network is away keeps trying and resolves once it is back', async () => {
    await platform.network.stop();
    const latecomer = serviceClient('logging', { connectTimeoutMs: 60_000 });
    let settled: 'resolved' | 'rejected' | null = null;
    const connecting = latecomer.connect().then(
      () => (settled = 'resolved'),
      () => (settled = 'rejected'),
    );
    // Several refused transport attempts go by (the first retry comes after reconnectDelayMs): none fails connect().
    await new Promise((resolve) => setTimeout(resolve, 2_500));
    expect(settled).toBeNull();
    await platform.network.start();
    await connecting;
    expect(settled).toBe('resolved');
    expect(latecomer.isReady()).toBe(true);
    await latecomer.disconnect();
  });

  it('keeps a bounded outbox while network is down: at most N queued, the rest dropped and counted, the queue delivered after', async () => {
    const N = 5;
    // The sender's token waits on this gate, so the receiver is back before the sender flushes its outbox.
    let openGate!: () => void;
    let gate: Promise<void> = Promise.resolve();
    const sender = serviceClient('catalog', {
      outboxLimit: N,
      authToken: async () => {
        await gate;
        return platform.identity.serviceToken('catalog');
      },
    });
    const receiver = serviceClient('runtime');
    await Promise.all([sender.connect(), receiver.connect()]);
    sender.declareContract('runtime', ['test.*']);
    const received = collect();
    receiver.onEvent('test.queued', received.handler);

    gate = new Promise<void>((resolve) => (openGate = resolve));
    await platform.network.stop();
    await waitFor('both clients to notice', () => !sender.isReady() && !receiver.isReady());
    const outcomes = Array.from({ length: 10 * N }, (_, seq) => sender.publish('test.queued', { seq }));
    expect(new Set(outcomes)).toEqual(new Set(['queued']));
    expect(sender.stats()).toMatchObject({ queued: N, dropped: 9 * N, outboxLimit: N });

    await platform.network.start();
    await waitFor('the receiver back', () => receiver.isReady());
    openGate();
    await waitFor('the queued events', () => received.events.length === N);
    expect(received.events.map((e) => (e.payload.data as { seq: number }).seq)).toEqual([45, 46, 47, 48, 49]);
    await waitFor('the acknowledgements', () => sender.stats().sent >= N);
    expect(sender.stats()).toMatchObject({ queued: 0, dropped: 9 * N });
  });
});
