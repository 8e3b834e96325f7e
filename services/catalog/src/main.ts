import { openMigratedDatabase } from '@symbia/db';
import { runServiceMain } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadCatalogConfig } from './config.js';
import { catalogDatabase } from './db/db.js';

runServiceMain({
  loadConfig: () => loadCatalogConfig(),
  openDatabase: (config) =>
    openMigratedDatabase(catalogDatabase, { url: config.catalog.databaseUrl, applicationName: 'catalog' }),
  buildApp: buildApp,
});
