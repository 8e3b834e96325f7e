import { createDatabase, runMigrations } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadCatalogConfig } from './config.js';
import { CATALOG_SCHEMA, migrationsDir } from './db/db.js';
import { catalogTables } from './db/schema.js';

runMain(async () => {
  const config = loadCatalogConfig();
  const database = createDatabase({ url: config.catalog.databaseUrl, schema: CATALOG_SCHEMA, tables: catalogTables, applicationName: 'catalog' });
  await runMigrations({ pool: database.pool, schema: CATALOG_SCHEMA, dir: migrationsDir });
  const app = await buildApp({ config, database });
  await runService(app, { config });
});
