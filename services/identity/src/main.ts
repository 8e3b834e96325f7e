import { createDatabase, runMigrations } from '@symbia/db';
import { runMain, runService } from '@symbia/kit';
import { buildApp } from './app.js';
import { loadIdentityConfig } from './config.js';
import { createTerminalOutput } from './setup/setup-token-output.js';
import { IDENTITY_SCHEMA, migrationsDir } from './db/db.js';
import { identityTables } from './db/schema.js';

runMain(async () => {
  const config = loadIdentityConfig();
  const database = createDatabase({ url: config.identity.databaseUrl, schema: IDENTITY_SCHEMA, tables: identityTables, applicationName: 'identity' });
  await runMigrations({ pool: database.pool, schema: IDENTITY_SCHEMA, dir: migrationsDir });
  const app = await buildApp({ config, database, setupTokenOutput: createTerminalOutput() });
  await runService(app, { config });
});
