import { openMigratedDatabase } from '@symbia/db';
import { runServiceMain } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIntegrationsConfig } from './config.js';
import { integrationsDatabase } from './db/db.js';

runServiceMain({
  loadConfig: () => loadIntegrationsConfig(),
  openDatabase: (config) =>
    openMigratedDatabase(integrationsDatabase, {
      url: config.integrations.databaseUrl,
      applicationName: 'integrations',
    }),
  buildApp: buildApp,
});
