import { createDatabase, runMigrations } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadMessagingConfig } from './config.js';
import { MESSAGING_SCHEMA, migrationsDir } from './db/db.js';
import { messagingTables } from './db/schema.js';

runMain(async () => {
  const config = loadMessagingConfig();
  const database = createDatabase({ url: config.messaging.databaseUrl, schema: MESSAGING_SCHEMA, tables: messagingTables, applicationName: 'messaging' });
  await runMigrations({ pool: database.pool, schema: MESSAGING_SCHEMA, dir: migrationsDir });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
