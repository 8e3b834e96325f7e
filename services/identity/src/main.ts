import { openMigratedDatabase } from '@symbia/db';
import { runServiceMain } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIdentityConfig } from './config.js';
import { createTerminalOutput } from './setup/setup-token-output.js';
import { identityDatabase } from './db/db.js';

runServiceMain({
  loadConfig: () => loadIdentityConfig(),
  openDatabase: (config) =>
    openMigratedDatabase(identityDatabase, { url: config.identity.databaseUrl, applicationName: 'identity' }),
  buildApp: (deps) => buildApp({ ...deps, setupTokenOutput: createTerminalOutput(), joinNetwork: true }),
});
