import { randomUUID } from 'node:crypto';
import type { Socket } from 'socket.io-client';
import type { Boundary, Contract, EventPayload, EventTrace, NetworkTopology, SandboxEvent } from '../wire-types.js';
import { createEventDispatcher } from './event-dispatcher.js';
import { createOutbox } from './outbox.js';
import {
  createPendingRequests,
  isRequestData,
  responseTypeOf,
  type RequestData,
  type ResponseData,
} from './pending-requests.js';
import { relaySettingsOf, type RelayClientConfig } from './relay-config.js';
import { createRelayConnection, type RelayConnection } from './relay-connection.js';
import { errorText, silentRelayLogger } from './relay-logger.js';
import { createWatchRegistry, type WatchFilter } from './watches.js';
import type {
  PublishOptions,
  PublishOutcome,
  RelayClient,
  RequestOptions,
  SendOptions,
  SendResult,
} from './relay-client-types.js';

export type * from './relay-client-types.js';

interface OutboxItem {
  payload: EventPayload;
  runId: string;
  options: SendOptions;
}

interface DeclaredContract {
  to: string;
  types: string[];
  boundaries: Boundary[];
}

type Ack = { ok?: boolean; error?: string; [key: string]: unknown } | undefined;

const sendBody = (nodeId: string, payload: EventPayload, runId: string, options: SendOptions) => ({
  payload,
  source: nodeId,
  runId,
  boundary: options.boundary ?? 'intra',
  ...(options.target !== undefined && { target: options.target }),
  ...(options.causedBy !== undefined && { causedBy: options.causedBy }),
  ...(options.sourceEntityId !== undefined && { sourceEntityId: options.sourceEntityId }),
  ...(options.targetEntityId !== undefined && { targetEntityId: options.targetEntityId }),
});

const refusal = (what: string, ack: Ack) =>
  new Error(`${what} refused by network: ${typeof ack?.error === 'string' ? ack.error : 'no acknowledgement'}`);

export function createRelayClient(config: RelayClientConfig): RelayClient {
  const settings = relaySettingsOf(config);
  const logger = config.logger ?? silentRelayLogger;
  const { nodeId } = config;
  const capabilities = new Set(config.capabilities ?? []);
  const dispatcher = createEventDispatcher(logger);
  const pending = createPendingRequests();
  const watches = createWatchRegistry();
  const outbox = createOutbox<OutboxItem>(settings.outboxLimit);
  const contracts: DeclaredContract[] = [];
  let flushing = false;
  const counters = { sent: 0, rejected: 0, failed: 0, inFlight: 0, reregistrations: 0 };
  let registrations = 0;
  let droppedAtLastFlush = 0;

  const receive = (event: SandboxEvent) => {
    if (!pending.settle(event)) dispatcher.dispatch(event);
  };

  const connection: RelayConnection = createRelayConnection({
    settings,
    logger,
    registration: () => ({
      id: nodeId,
      name: config.nodeName ?? nodeId,
      type: settings.nodeType,
      capabilities: [...capabilities],
      endpoint: config.endpoint ?? '',
      metadata: config.metadata ?? {},
      ...(config.entityId !== undefined && { entityId: config.entityId }),
    }),
    onEvent: (event) => {
      const check = config.envelopeVerifier?.verify(event);
      if (check && !check.ok) {
        logger.warn(
          { nodeId, eventId: event.wrapper.id, reason: check.reason },
          'relay refused an event from the socket',
        );
        return;
      }
      receive(event);
    },
    onWatchEvent: (subscriptionId, notification) => {
      const watch = watches.byServerId(subscriptionId);
      if (!watch) return;
      try {
        const result = watch.handler(notification);
        if (result instanceof Promise)
          result.catch((err: unknown) => logger.error({ err: errorText(err) }, 'relay watch handler failed'));
      } catch (err) {
        logger.error({ err: errorText(err) }, 'relay watch handler failed');
      }
    },
    onRegistered: (socket) => {
      registrations += 1;
      if (registrations > 1) counters.reregistrations += 1;
      return afterRegistration(socket);
    },
    onDisconnected: () => watches.unbindAll(),
  });

  const emitAck = (socket: Socket, event: string, body?: unknown): Promise<Ack> =>
    (body === undefined
      ? socket.timeout(settings.ackTimeoutMs).emitWithAck(event)
      : socket.timeout(settings.ackTimeoutMs).emitWithAck(event, body)) as Promise<Ack>;

  const readySocket = (): Socket => {
    const socket = connection.readySocket();
    if (!socket) throw new Error(`relay ${nodeId} is not connected to the network`);
    return socket;
  };

  const emitEvent = (socket: Socket, item: OutboxItem) => {
    let settled = false;
    const settle = (err: unknown, ack: Ack) => {
      // Once: after an encoding failure Socket.IO's ack timer still fires.
      if (settled) return;
      settled = true;
      counters.inFlight -= 1;
      if (err) counters.failed += 1;
      else if (ack?.ok === true) counters.sent += 1;
      else {
        counters.rejected += 1;
        logger.debug({ nodeId, type: item.payload.type, err: ack?.error }, 'relay event refused');
      }
    };
    counters.inFlight += 1;
    try {
      socket
        .timeout(settings.ackTimeoutMs)
        .emit('event:send', sendBody(nodeId, item.payload, item.runId, item.options), settle);
    } catch (err) {
      // Data JSON cannot carry (a cycle, a BigInt): counted and logged, never thrown at the publisher.
      logger.warn({ nodeId, type: item.payload.type, err: errorText(err) }, 'relay event could not be encoded');
      settle(err, undefined);
    }
  };

  const flush = (socket: Socket) => {
    const items = outbox.drain();
    const dropped = outbox.dropped - droppedAtLastFlush;
    droppedAtLastFlush = outbox.dropped;
    if (items.length > 0 || dropped > 0) {
      logger.info({ nodeId, flushed: items.length, dropped }, 'relay outbox flushed after registration');
    }
    for (const item of items) emitEvent(socket, item);
  };

  const createDeclared = (socket: Socket, c: DeclaredContract) =>
    emitAck(socket, 'contract:create', { from: nodeId, to: c.to, allowedEventTypes: c.types, boundaries: c.boundaries })
      .then((ack) => {
        if (ack?.ok !== true) logger.warn({ nodeId, to: c.to, err: ack?.error }, 'relay contract not created');
      })
      .catch((err: unknown) => logger.warn({ nodeId, to: c.to, err: errorText(err) }, 'relay contract not created'));

  const sameContract = (c: DeclaredContract, existing: Contract) =>
    existing.from === nodeId &&
    existing.to === c.to &&
    existing.expiresAt === undefined &&
    JSON.stringify(existing.allowedEventTypes) === JSON.stringify(c.types) &&
    JSON.stringify(existing.boundaries) === JSON.stringify(c.boundaries);

  // After a mere reconnect the network still holds our contracts; creating them again would pile up duplicates.
  // A node that may not read the topology creates them all (duplicates are harmless to routing, network.md §7 step 5c).
  const missingContracts = async (socket: Socket): Promise<DeclaredContract[]> => {
    if (contracts.length === 0) return [];
    const topology = (await emitAck(socket, 'sdn:topology').catch(() => undefined)) as
      Partial<NetworkTopology> | undefined;
    if (!Array.isArray(topology?.contracts)) return contracts;
    const existing = topology.contracts;
    return contracts.filter((c) => !existing.some((e) => sameContract(c, e)));
  };

  // Declared contracts first (a restarted network has none), then watches, then the outbox: queued events then
  // find their contracts. Until the flush, `publish` queues, so nothing overtakes what waited.
  const afterRegistration = async (socket: Socket) => {
    flushing = true;
    try {
      await Promise.all((await missingContracts(socket)).map((c) => createDeclared(socket, c)));
      await Promise.all(
        watches
          .entries()
          // Still bound: registered again on the same socket (after a sweep), where the subscription lives on.
          .filter(([, watch]) => watch.serverId === null)
          .map(([localId, watch]) =>
            subscribe(socket, localId, watch.filter).catch((err: unknown) =>
              logger.warn({ nodeId, err: errorText(err) }, 'relay watch not re-subscribed'),
            ),
          ),
      );
    } finally {
      flushing = false;
    }
    if (connection.readySocket() === socket) flush(socket);
  };

  const subscribe = async (socket: Socket, localId: string, filter: WatchFilter) => {
    const ack = await emitAck(socket, 'sdn:watch', filter);
    if (ack?.ok !== true || typeof ack.subscriptionId !== 'string') throw refusal('sdn:watch', ack);
    watches.bind(localId, ack.subscriptionId);
  };

  const send = async (payload: EventPayload, runId: string, options: SendOptions = {}): Promise<SendResult> => {
    const ack = await emitAck(readySocket(), 'event:send', sendBody(nodeId, payload, runId, options));
    if (ack?.ok !== true) throw refusal('event:send', ack);
    return { eventId: ack.eventId as string, trace: ack.trace as EventTrace };
  };

  const publish = (type: string, data: unknown, options: PublishOptions = {}): PublishOutcome => {
    const { runId = `run_${randomUUID()}`, ...rest } = options;
    const item: OutboxItem = { payload: { type, data }, runId, options: rest };
    const socket = connection.readySocket();
    // Behind queued events, a new one waits its turn: the flush keeps publishing order.
    if (socket && outbox.size === 0 && !flushing) {
      emitEvent(socket, item);
      return 'sent';
    }
    if (outbox.push(item) && outbox.dropped - droppedAtLastFlush === 1) {
      logger.warn(
        { nodeId, limit: outbox.limit },
        'relay outbox full: dropping the oldest events until network is back',
      );
    }
    return 'queued';
  };

  return {
    connect: () => connection.connect(),
    async disconnect() {
      await connection.close();
      pending.rejectAll(new Error(`relay ${nodeId} disconnected`));
    },
    send,
    publish,
    async createContract(to, types, boundaries = ['intra'], expiresAt) {
      const ack = await emitAck(readySocket(), 'contract:create', {
        from: nodeId,
        to,
        allowedEventTypes: types,
        boundaries,
        ...(expiresAt !== undefined && { expiresAt }),
      });
      if (ack?.ok !== true) throw refusal('contract:create', ack);
      return ack.contract as Contract;
    },
    declareContract(to, types, boundaries = ['intra']) {
      const key = JSON.stringify([to, types, boundaries]);
      if (contracts.some((c) => JSON.stringify([c.to, c.types, c.boundaries]) === key)) return;
      const contract = { to, types: [...types], boundaries: [...boundaries] };
      contracts.push(contract);
      const socket = connection.readySocket();
      if (socket) void createDeclared(socket, contract);
    },
    onEvent: (type, handler) => dispatcher.on(type, handler),
    onAnyEvent: (handler) => dispatcher.on('*', handler),
    async request<T>(target: string, type: string, data: unknown, options: RequestOptions = {}) {
      const { timeoutMs = 30_000, boundary = 'intra' } = options;
      const correlationId = `req_${Date.now()}_${randomUUID()}`;
      const answer = pending.add(correlationId, target, responseTypeOf(type), timeoutMs);
      answer.catch(() => {}); // awaited below; this only keeps an early failure from counting as unhandled
      const body: RequestData = { correlationId, request: data };
      try {
        const { trace } = await send({ type, data: body }, options.runId ?? correlationId, { target, boundary });
        if (trace.status !== 'delivered') {
          pending.fail(correlationId, new Error(`request ${trace.status}: ${trace.error ?? 'not delivered'}`));
        }
      } catch (err) {
        pending.fail(correlationId, err instanceof Error ? err : new Error(String(err)));
      }
      const event = await answer;
      const reply = event.payload.data as ResponseData;
      if (!reply.ok) throw new Error(reply.error);
      return { response: reply.response as T, event };
    },
    onRequest(type, handler) {
      return dispatcher.on(type, async (event) => {
        const data = event.payload.data;
        if (!isRequestData(data)) return;
        let reply: ResponseData;
        try {
          reply = { correlationId: data.correlationId, ok: true, response: await handler(data.request, event) };
        } catch (err) {
          reply = { correlationId: data.correlationId, ok: false, error: errorText(err) };
        }
        publish(responseTypeOf(type), reply, {
          runId: event.wrapper.runId,
          target: event.wrapper.source,
          causedBy: event.wrapper.id,
          boundary: event.wrapper.boundary,
        });
      });
    },
    async watch(filter, handler) {
      const localId = watches.add(filter, handler);
      const socket = connection.readySocket();
      if (socket) {
        try {
          await subscribe(socket, localId, filter);
        } catch (err) {
          watches.remove(localId);
          throw err;
        }
      }
      return localId;
    },
    async unwatch(subscriptionId) {
      const watch = watches.remove(subscriptionId);
      if (!watch) return false;
      const socket = connection.readySocket();
      if (socket && watch.serverId !== null) {
        await emitAck(socket, 'sdn:unwatch', { subscriptionId: watch.serverId }).catch(() => undefined);
      }
      return true;
    },
    async getTopology() {
      const ack = (await emitAck(readySocket(), 'sdn:topology')) as Ack & Partial<NetworkTopology>;
      if (ack === undefined || ack.ok === false || !Array.isArray(ack.nodes)) throw refusal('sdn:topology', ack);
      return ack as unknown as NetworkTopology;
    },
    deliver: receive,
    addCapabilities(extra) {
      for (const capability of extra) capabilities.add(capability);
    },
    isReady: () => connection.readySocket() !== null,
    getNodeId: () => nodeId,
    stats: () => ({
      ready: connection.readySocket() !== null,
      queued: outbox.size,
      outboxLimit: outbox.limit,
      dropped: outbox.dropped,
      ...counters,
    }),
  };
}
