import { io, type Socket } from 'socket.io-client';
import type { EventTrace, NetworkNode, SandboxEvent } from '../wire-types.js';
import type { RelaySettings } from './relay-config.js';
import { errorText, type RelayLogger } from './relay-logger.js';
import { isSandboxEvent } from './sandbox-event-guard.js';
import type { WatchNotification } from './watches.js';

export interface RelayConnectionDeps {
  settings: RelaySettings;
  logger: RelayLogger;
  /** The `node:register` body, built at each registration (capabilities may have grown). */
  registration(): Record<string, unknown>;
  onEvent(event: SandboxEvent): void;
  onWatchEvent(subscriptionId: string, notification: WatchNotification): void;
  /** After every successful registration, with the socket it was made on; never rejects. */
  onRegistered(socket: Socket): Promise<void>;
  onDisconnected(): void;
}

/** The socket of one node and its life: register on every connect, heartbeat, reconnect, unregister on close. */
export interface RelayConnection {
  connect(): Promise<NetworkNode>;
  /** The socket while connected and registered, else null. */
  readySocket(): Socket | null;
  close(): Promise<void>;
}

type Ack = { ok?: boolean; error?: string; node?: NetworkNode } | undefined;

/**
 * libraries.md §5.1 `connect()` and network.md §15: Socket.IO with `auth: { token }` asked of the token provider
 * on every attempt (a service JWT lives minutes), `node:register` on every `connect`, heartbeats while registered,
 * and reconnection with a 1–5 s backoff for as long as the client is open: Socket.IO's own after a lost transport,
 * ours after a refused handshake or registration (Socket.IO does not retry those by itself).
 */
export function createRelayConnection(deps: RelayConnectionDeps): RelayConnection {
  const { settings, logger } = deps;
  const nodeId = settings.nodeId;
  let socket: Socket | null = null;
  let registered = false;
  let closed = false;
  let failures = 0;
  let heartbeat: NodeJS.Timeout | undefined;
  let retry: NodeJS.Timeout | undefined;
  let waiting: Promise<NetworkNode> | null = null;
  let node: NetworkNode | null = null;
  let settleFirst: { resolve(node: NetworkNode): void; reject(error: Error): void } | null = null;

  const settleWaiter = (outcome: { node: NetworkNode } | { error: Error }) => {
    const settle = settleFirst;
    settleFirst = null;
    if (!settle) return;
    if ('node' in outcome) settle.resolve(outcome.node);
    else settle.reject(outcome.error);
  };

  const token = async (): Promise<string | undefined> => {
    const provider = settings.authToken;
    if (provider === undefined) return undefined;
    return typeof provider === 'string' ? provider : await provider();
  };

  const scheduleRetry = () => {
    if (closed || !settings.autoReconnect || retry !== undefined || socket?.active) return;
    const base = Math.min(settings.reconnectDelayMaxMs, settings.reconnectDelayMs * 2 ** Math.min(failures, 10));
    failures += 1;
    const delay = Math.max(settings.reconnectDelayMs, base * (0.75 + Math.random() * 0.25));
    retry = setTimeout(() => {
      retry = undefined;
      if (!closed && socket && !socket.active) socket.connect();
    }, delay);
    retry.unref?.();
  };

  const stopHeartbeat = () => {
    clearInterval(heartbeat);
    heartbeat = undefined;
  };

  const startHeartbeat = (s: Socket) => {
    stopHeartbeat();
    heartbeat = setInterval(() => {
      if (!registered || s !== socket) return;
      (s.timeout(settings.ackTimeoutMs).emitWithAck('node:heartbeat', { nodeId }) as Promise<Ack>).then(
        (ack) => {
          // Unknown to the network (swept as stale, or network restarted between two of our heartbeats): register again.
          if (ack?.ok !== true && s === socket && s.connected) void register(s);
        },
        (err: unknown) => logger.debug({ nodeId, err: errorText(err) }, 'relay heartbeat unanswered'),
      );
    }, settings.heartbeatIntervalMs);
    heartbeat.unref?.();
  };

  const register = async (s: Socket) => {
    let ack: Ack;
    try {
      ack = (await s.timeout(settings.ackTimeoutMs).emitWithAck('node:register', deps.registration())) as Ack;
    } catch (err) {
      ack = { ok: false, error: errorText(err) };
    }
    if (s !== socket || !s.connected || closed) return;
    if (ack?.ok !== true || ack.node === undefined) {
      const error = new Error(`node:register ${nodeId} refused by network: ${ack?.error ?? 'no acknowledgement'}`);
      logger.warn({ nodeId, err: error.message }, 'relay registration refused; retrying');
      settleWaiter({ error });
      registered = false;
      s.disconnect();
      scheduleRetry();
      return;
    }
    const wasRegistered = registered;
    registered = true;
    node = ack.node;
    failures = 0;
    startHeartbeat(s);
    if (!wasRegistered) logger.info({ nodeId }, 'relay registered with network');
    // Declared contracts and watches are back (and the outbox flushed) before connect() resolves.
    await deps.onRegistered(s);
    settleWaiter({ node: ack.node });
  };

  const open = (): Socket => {
    const s = io(settings.networkUrl, {
      autoConnect: false,
      transports: ['websocket'],
      reconnection: settings.autoReconnect,
      reconnectionAttempts: Infinity,
      reconnectionDelay: settings.reconnectDelayMs,
      reconnectionDelayMax: settings.reconnectDelayMaxMs,
      timeout: settings.connectTimeoutMs,
      auth: (cb) => {
        token().then(
          (value) => cb(value ? { token: value } : {}),
          (err: unknown) => {
            // No token (identity down): connect anyway; the refused registration retries with backoff.
            logger.warn({ nodeId, err: errorText(err) }, 'relay could not get its token');
            cb({});
          },
        );
      },
    });
    s.on('connect', () => void register(s));
    s.on('connect_error', (err: Error & { data?: { code?: unknown } }) => {
      logger.debug({ nodeId, err: err.message }, 'relay connect error');
      // A refused handshake (Socket.IO then stops retrying itself): the next attempt asks for a fresh token.
      const refused = typeof err.data?.code === 'string';
      if (!s.active && refused) settings.onTokenRefused?.();
      // A refused handshake fails connect() at once; a transport error (network still starting, a dropped upgrade
      // on a loaded host) is retried until connect()'s own timeout, as long as the client reconnects at all.
      if (refused || !settings.autoReconnect)
        settleWaiter({
          error: new Error(`relay ${nodeId} could not connect to ${settings.networkUrl}: ${err.message}`),
        });
      scheduleRetry();
    });
    s.on('disconnect', (reason) => {
      const wasRegistered = registered;
      registered = false;
      stopHeartbeat();
      deps.onDisconnected();
      if (wasRegistered && !closed) logger.warn({ nodeId, reason }, 'relay disconnected from network');
      scheduleRetry();
    });
    s.on('event:received', (event: unknown) => {
      if (isSandboxEvent(event)) deps.onEvent(event);
      else logger.warn({ nodeId }, 'relay ignored a malformed event:received');
    });
    s.on('sdn:event', (message: { event?: unknown; trace?: EventTrace; subscriptionId?: unknown }) => {
      if (typeof message?.subscriptionId !== 'string' || !isSandboxEvent(message.event) || !message.trace) return;
      deps.onWatchEvent(message.subscriptionId, { event: message.event, trace: message.trace });
    });
    return s;
  };

  return {
    connect() {
      if (closed) return Promise.reject(new Error(`relay ${nodeId} is closed`));
      if (registered && socket?.connected && node) return Promise.resolve(node);
      if (waiting) return waiting;
      // A wait for the next registration: the first one, or the next after a failed connect() (retries go on).
      waiting = new Promise<NetworkNode>((resolve, reject) => {
        const timer = setTimeout(
          () =>
            settleWaiter({
              error: new Error(`relay ${nodeId}: connect timed out after ${settings.connectTimeoutMs} ms`),
            }),
          settings.connectTimeoutMs,
        );
        timer.unref?.();
        settleFirst = {
          resolve: (value) => {
            clearTimeout(timer);
            waiting = null;
            resolve(value);
          },
          reject: (error) => {
            clearTimeout(timer);
            waiting = null;
            reject(error);
          },
        };
      });
      if (socket === null) {
        socket = open();
        socket.connect();
      } else if (!socket.active && retry === undefined) {
        socket.connect();
      }
      return waiting;
    },
    readySocket: () => (registered && socket?.connected ? socket : null),
    async close() {
      if (closed) return;
      closed = true;
      clearTimeout(retry);
      stopHeartbeat();
      const s = socket;
      if (s && registered && s.connected) {
        await (
          s.timeout(Math.min(settings.ackTimeoutMs, 2_000)).emitWithAck('node:unregister', { nodeId }) as Promise<Ack>
        ).catch(() => undefined);
      }
      registered = false;
      settleWaiter({ error: new Error(`relay ${nodeId} closed before it registered`) });
      s?.removeAllListeners();
      s?.disconnect();
      socket = null;
    },
  };
}
