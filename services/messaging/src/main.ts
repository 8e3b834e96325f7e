import { openMigratedDatabase } from '@symbia/db';
import { runServiceMain } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadMessagingConfig } from './config.js';
import { messagingDatabase } from './db/db.js';

runServiceMain({
  loadConfig: () => loadMessagingConfig(),
  openDatabase: (config) =>
    openMigratedDatabase(messagingDatabase, { url: config.messaging.databaseUrl, applicationName: 'messaging' }),
  buildApp: (deps) => buildApp({ ...deps, joinNetwork: true }),
});
