import { createDatabase, runMigrations } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIntegrationsConfig } from './config.js';
import { INTEGRATIONS_SCHEMA, migrationsDir } from './db/db.js';
import { integrationsTables } from './db/schema.js';

runMain(async () => {
  const config = loadIntegrationsConfig();
  const database = createDatabase({ url: config.integrations.databaseUrl, schema: INTEGRATIONS_SCHEMA, tables: integrationsTables, applicationName: 'integrations' });
  await runMigrations({ pool: database.pool, schema: INTEGRATIONS_SCHEMA, dir: migrationsDir });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
