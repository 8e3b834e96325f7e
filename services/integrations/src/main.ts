import { openMigratedDatabase } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIntegrationsConfig } from './config.js';
import { integrationsDatabase } from './db/db.js';

runMain(async () => {
  const config = loadIntegrationsConfig();
  const database = await openMigratedDatabase(integrationsDatabase, { url: config.integrations.databaseUrl, applicationName: 'integrations' });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
