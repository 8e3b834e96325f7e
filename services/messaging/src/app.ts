import { createCredentialAuthenticator, registerPeerAuth } from '@symbia/auth';
import { createService, registerNetworkReceiveRoute, type ServiceApp } from '@symbia/kit';
import type { DestinationStream } from 'pino';
import { createAdminService } from './admin/admin.service.js';
import { createAssistantNotifier } from './assistants/assistant-notifier.js';
import { CHAT_WINDOW_MS } from './chat/chat-limits.js';
import { createChatService } from './chat/chat.service.js';
import { createRedisWindowCounter } from './chat/window-counter.js';
import { connectRedis } from './realtime/redis-adapter.js';
import type { MessagingConfig } from './config.js';
import { createControlService } from './control/control.service.js';
import { createConversationService } from './conversations/conversation.service.js';
import { createConversationStore } from './conversations/conversation.store.js';
import type { MessagingDatabase } from './db/db.js';
import { createMessageService } from './messages/message.service.js';
import { createMessageStore } from './messages/message.store.js';
import { createMessagingNetwork } from './network/messaging-network.js';
import { createRelayNotifier } from './network/relay-notifier.js';
import { createReplyIngestion } from './network/reply-ingestion.js';
import { createIdentityProxy } from './platform/identity-proxy.js';
import { createDeferredBus } from './realtime/realtime-bus.js';
import { attachSocketServer } from './realtime/socket-server.js';
import { registerAdminRoutes } from './routes/admin.js';
import { registerChatRoutes } from './routes/chat.js';
import { registerConversationRoutes } from './routes/conversations.js';
import { registerInternalRoutes } from './routes/internal.js';
import { registerMessageRoutes } from './routes/messages.js';
import { registerPlatformRoutes } from './routes/platform.js';
import { messagingSchemas } from './routes/named-schemas.js';

export interface MessagingAppDeps {
  config: MessagingConfig;
  /** Migrated already (main.ts / the test helper run the migrations). */
  database: MessagingDatabase;
  logDestination?: DestinationStream;
  /** main.ts: register with the network once listening (network.md §15); tests that build the app in-process do not. */
  joinNetwork?: boolean;
}

export async function buildApp(deps: MessagingAppDeps): Promise<ServiceApp> {
  const { config, database } = deps;
  const settings = config.messaging;
  const app = await createService({
    config,
    description:
      'Conversations, messages and stream-control events between humans and AI agents; the Socket.IO bus and the website chat stream.',
    endpoints: {
      rest: '/api/conversations',
      admin: '/api/admin',
      chat: '/api/messaging/send',
      websocket: '/socket.io',
    },
    authentication: [
      'Bearer token (EdDSA JWT from identity, verified against its JWKS)',
      'X-API-Key (introspected by identity)',
      'Socket.IO handshake auth.token / auth.apiKey',
    ],
    readinessChecks: { database: () => database.ping() },
    logDestination: deps.logDestination,
    schemaRegistry: messagingSchemas,
  });
  app.addHook('onClose', () => database.close());
  // messaging.md §2: API answers are never cached by browsers or proxies.
  app.addHook('onSend', (request, reply, payload, done) => {
    if (request.url.startsWith('/api/')) reply.header('cache-control', 'no-cache, no-store, must-revalidate');
    done(null, payload);
  });

  // Credentials: JWTs verified locally against identity's JWKS; API keys introspected by identity as this service (DESIGN §6).
  const { serviceTokens, verifier, apiKeys, feed } = await registerPeerAuth(app, {
    serviceId: 'messaging',
    ...settings,
    apiKeyScopeDomain: 'messaging',
  });

  // Stores
  const db = database.db;
  const conversationStore = createConversationStore(db);
  const messageStore = createMessageStore(db);
  const transaction = <T>(
    fn: (stores: {
      conversations: ReturnType<typeof createConversationStore>;
      messages: ReturnType<typeof createMessageStore>;
    }) => Promise<T>,
  ) => db.transaction((tx) => fn({ conversations: createConversationStore(tx), messages: createMessageStore(tx) }));

  // Services: the realtime bus is plugged in once Socket.IO is attached below.
  const bus = createDeferredBus();
  // Assistant replies arriving over the network (§9.2); the channel bridge answers through the relay.
  const replies = createReplyIngestion({
    conversations: conversationStore,
    messages: messageStore,
    transaction,
    bus,
    publish: (type, data, options) => network.relay()?.publish(type, data, options),
  });
  const network = createMessagingNetwork({
    settings: settings.network.relay,
    hashSecret: settings.network.hashSecret,
    serviceTokens,
    replies,
    metrics: app.metricsRegistry,
    version: config.version,
    logger: app.log,
  });
  const webhookNotifier = createAssistantNotifier({
    store: conversationStore,
    webhookUrl: settings.assistantsWebhookUrl,
    controlUrl: settings.assistantsControlUrl,
    timeoutMs: settings.webhookTimeoutMs,
    serviceToken: serviceTokens ? serviceTokens.getToken : null,
    logger: app.log,
  });
  // With the relay, assistants hear of messages and control events over the network (§9.1, W11); without, by webhook.
  const notifier = createRelayNotifier({
    store: conversationStore,
    relay: network.relay,
    webhook: webhookNotifier,
    logger: app.log,
  });
  app.addHook('onClose', () => notifier.drain());
  const conversations = createConversationService({
    store: conversationStore,
    transaction: (fn) => transaction((s) => fn(s.conversations)),
    bus,
  });
  const messages = createMessageService({
    conversations: conversationStore,
    messages: messageStore,
    transaction,
    bus,
    notifier,
  });
  const control = createControlService({
    conversations: conversationStore,
    messages: messageStore,
    transaction,
    bus,
    notifier,
  });
  const admin = createAdminService({
    conversations: conversationStore,
    messages: messageStore,
    transaction: (fn) => transaction((s) => fn(s.conversations)),
    bus,
  });
  // One Redis connection when REDIS_URL is set: the socket adapter, shared chat budgets (STYLE 15) and presence claims.
  const redis = settings.redisUrl ? await connectRedis(settings.redisUrl, app.log) : null;
  if (redis) {
    app.addHook('onClose', async () => {
      await redis.quit().catch(() => undefined);
    });
  }
  const chatCounter = redis
    ? createRedisWindowCounter(redis, { keyPrefix: `${settings.redisKey}:chat`, windowMs: CHAT_WINDOW_MS })
    : undefined;
  const chat = createChatService({
    settings: settings.chat,
    catalogUrl: settings.catalogUrl,
    integrationsUrl: settings.integrationsUrl,
    serviceToken: serviceTokens,
    logger: app.log,
    counter: chatCounter,
  });

  // Routes
  registerConversationRoutes(app, { conversations });
  registerMessageRoutes(app, { messages, control });
  registerAdminRoutes(app, { admin });
  registerInternalRoutes(app, { conversations: conversationStore });
  registerPlatformRoutes(app, {
    identityUrl: settings.identityUrl,
    identity: createIdentityProxy({ identityUrl: settings.identityUrl }),
    conversations: conversationStore,
    version: config.version,
  });
  registerChatRoutes(app, { chat, settings: settings.chat });
  registerNetworkReceiveRoute(app, network.receiver);
  if (deps.joinNetwork) {
    app.addHook('onListen', () => network.join());
    // preClose: unregister while the process still serves (node:unregister, then the socket closes).
    app.addHook('preClose', () => network.leave());
  }

  // Socket.IO on the same HTTP server (DESIGN §3), sharing the domain services with REST (W17).
  const sockets = await attachSocketServer(app, {
    settings,
    config,
    authenticator: createCredentialAuthenticator({ verifier, apiKeys }),
    conversations: conversationStore,
    services: { messages, control },
    redis,
    revocations: feed,
  });
  bus.attach(sockets.bus);
  return app;
}
