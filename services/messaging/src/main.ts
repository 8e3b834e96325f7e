import { openMigratedDatabase } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadMessagingConfig } from './config.js';
import { messagingDatabase } from './db/db.js';

runMain(async () => {
  const config = loadMessagingConfig();
  const database = await openMigratedDatabase(messagingDatabase, { url: config.messaging.databaseUrl, applicationName: 'messaging' });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
