import { openMigratedDatabase } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadCatalogConfig } from './config.js';
import { catalogDatabase } from './db/db.js';

runMain(async () => {
  const config = loadCatalogConfig();
  const database = await openMigratedDatabase(catalogDatabase, { url: config.catalog.databaseUrl, applicationName: 'catalog' });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
