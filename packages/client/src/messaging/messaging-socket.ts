import { io, type Socket } from 'socket.io-client';
import { resolveToken, type TokenSource } from './messaging-client.js';
import type {
  ControlEvent,
  ControlEventName,
  Message,
  ParticipantPresenceEvent,
  PresenceEvent,
  PresenceStatus,
  SendControlInput,
  SendMessageInput,
  SocketAck,
  TypingEvent,
} from './messaging-types.js';
import { controlEventNames } from './messaging-types.js';

export interface MessagingSocketOptions {
  /** e.g. `http://localhost:5005`. */
  baseUrl: string;
  /** Re-read on every (re)connect when a function, so a refreshed token is used after the server closes an expired one. */
  token?: TokenSource;
  apiKey?: string;
  /** Socket.IO path; `/socket.io` unless a proxy moves it. */
  path?: string;
  connectTimeoutMs?: number;
}

type Unsubscribe = () => void;

export interface MessagingSocket {
  /** Resolves once connected; rejects with the server's reason (e.g. "Authentication required"). */
  connect(): Promise<void>;
  disconnect(): void;
  readonly connected: boolean;
  joinConversation(conversationId: string): Promise<SocketAck>;
  leaveConversation(conversationId: string): Promise<SocketAck>;
  sendMessage(conversationId: string, input: SendMessageInput): Promise<SocketAck<{ message: Message }>>;
  editMessage(messageId: string, content: string): Promise<SocketAck<{ message: Message }>>;
  deleteMessage(messageId: string): Promise<SocketAck>;
  sendControl(conversationId: string, input: SendControlInput): Promise<SocketAck<{ control: Message }>>;
  startTyping(conversationId: string): Promise<SocketAck>;
  stopTyping(conversationId: string): Promise<SocketAck>;
  updatePresence(status: PresenceStatus): Promise<SocketAck>;
  watchConversation(conversationId: string): Promise<SocketAck>;
  unwatchConversation(conversationId: string): Promise<SocketAck>;
  onMessage(handler: (message: Message) => void): Unsubscribe;
  onMessageUpdate(handler: (message: Message) => void): Unsubscribe;
  onMessageDelete(handler: (event: { id: string; conversationId: string }) => void): Unsubscribe;
  onTypingStart(handler: (event: TypingEvent) => void): Unsubscribe;
  onTypingStop(handler: (event: TypingEvent) => void): Unsubscribe;
  onPresence(handler: (event: PresenceEvent) => void): Unsubscribe;
  onParticipantOnline(handler: (event: ParticipantPresenceEvent) => void): Unsubscribe;
  onParticipantOffline(handler: (event: ParticipantPresenceEvent) => void): Unsubscribe;
  /** One control event, or `*` for all seven. */
  onControl(name: ControlEventName | '*', handler: (event: ControlEvent) => void): Unsubscribe;
  onConnect(handler: () => void): Unsubscribe;
  onDisconnect(handler: (reason: string) => void): Unsubscribe;
}

const notConnected = { success: false, error: 'Not connected' } as const;

/** Socket side of the messaging SDK (messaging.md §8): 10 s connect timeout, 5 reconnection tries 1 s apart. */
export function createMessagingSocket(options: MessagingSocketOptions): MessagingSocket {
  let socket: Socket | null = null;
  const listeners = new Set<{ event: string; handler: (...args: unknown[]) => void }>();

  const credentials = async (): Promise<Record<string, string>> => {
    const token = await resolveToken(options.token);
    if (token) return { token };
    return options.apiKey ? { apiKey: options.apiKey } : {};
  };

  const on = <A extends unknown[]>(event: string, handler: (...args: A) => void): Unsubscribe => {
    const entry = { event, handler: handler as unknown as (...args: unknown[]) => void };
    listeners.add(entry);
    socket?.on(event, entry.handler);
    return () => {
      listeners.delete(entry);
      socket?.off(event, entry.handler);
    };
  };

  const emit = async <T extends object>(event: string, ...args: unknown[]): Promise<SocketAck<T>> => {
    if (!socket?.connected) return notConnected;
    return (await socket.emitWithAck(event, ...args)) as SocketAck<T>;
  };

  return {
    get connected() {
      return socket?.connected ?? false;
    },
    connect() {
      if (socket?.connected) return Promise.resolve();
      socket ??= io(options.baseUrl, {
        path: options.path ?? '/socket.io',
        transports: ['websocket', 'polling'],
        timeout: options.connectTimeoutMs ?? 10_000,
        reconnection: true,
        reconnectionAttempts: 5,
        reconnectionDelay: 1_000,
        autoConnect: false,
        // Called on every (re)connect, so a token function yields the current token each time.
        auth: (cb) => void credentials().then(cb, () => cb({})),
      });
      const current = socket;
      for (const { event, handler } of listeners) current.on(event, handler);
      // The server closes a socket whose credential expired; reconnect when we can get a fresh token.
      current.on('session:expired', () => {
        if (typeof options.token === 'function') current.once('disconnect', () => void current.connect());
      });
      return new Promise<void>((resolve, reject) => {
        const ok = () => {
          current.off('connect_error', fail);
          resolve();
        };
        const fail = (error: Error) => {
          current.off('connect', ok);
          current.disconnect();
          reject(error);
        };
        current.once('connect', ok);
        current.once('connect_error', fail);
        current.connect();
      });
    },
    disconnect() {
      socket?.disconnect();
      socket = null;
    },
    joinConversation: (id) => emit('join:conversation', id),
    leaveConversation: (id) => emit('leave:conversation', id),
    sendMessage: (conversationId, input) => emit('message:send', { ...input, conversationId }),
    editMessage: (messageId, content) => emit('message:edit', { messageId, content }),
    deleteMessage: (messageId) => emit('message:delete', messageId),
    sendControl: (conversationId, input) => emit('control:send', { ...input, conversationId }),
    startTyping: (id) => emit('typing:start', id),
    stopTyping: (id) => emit('typing:stop', id),
    updatePresence: (status) => emit('presence:update', status),
    watchConversation: (id) => emit('watch:conversation', id),
    unwatchConversation: (id) => emit('unwatch:conversation', id),
    onMessage: (handler) => on('message:new', handler),
    onMessageUpdate: (handler) => on('message:updated', handler),
    onMessageDelete: (handler) => on('message:deleted', handler),
    onTypingStart: (handler) => on('typing:started', handler),
    onTypingStop: (handler) => on('typing:stopped', handler),
    onPresence: (handler) => on('presence:changed', handler),
    onParticipantOnline: (handler) => on('participant:online', handler),
    onParticipantOffline: (handler) => on('participant:offline', handler),
    onControl(name, handler) {
      const names = name === '*' ? controlEventNames : [name];
      const offs = names.map((event) => on(event, handler));
      return () => offs.forEach((off) => off());
    },
    onConnect: (handler) => on('connect', handler),
    onDisconnect: (handler) => on('disconnect', handler),
  };
}
