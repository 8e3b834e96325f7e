import { openMigratedDatabase } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIdentityConfig } from './config.js';
import { createTerminalOutput } from './setup/setup-token-output.js';
import { identityDatabase } from './db/db.js';

runMain(async () => {
  const config = loadIdentityConfig();
  const database = await openMigratedDatabase(identityDatabase, { url: config.identity.databaseUrl, applicationName: 'identity' });
  const app = await buildApp({ config, database, setupTokenOutput: createTerminalOutput() });
  await runService(app, { config });
});
