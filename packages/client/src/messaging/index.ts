export {
  createMessagingClient,
  type MessagingClient,
  type MessagingClientOptions,
  type CallScope,
  type TokenSource,
} from './messaging-client.js';
export { createMessagingSocket, type MessagingSocket, type MessagingSocketOptions } from './messaging-socket.js';
export { streamChat, type ChatStreamOptions } from './chat-stream.js';
export * from './messaging-types.js';
