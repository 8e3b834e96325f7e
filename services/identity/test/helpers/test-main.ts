import { openMigratedDatabase } from '@symbia/db';
import { runServiceMain } from '@symbia/kit';
import { buildApp } from '../../src/app.js';
import { loadIdentityConfig } from '../../src/config.js';
import { identityDatabase } from '../../src/db/db.js';
import { createTerminalOutput } from '../../src/setup/setup-token-output.js';

/**
 * Identity's main.ts with the per-minute limits raised, for the identity @symbia/testing shares between the
 * test files of one worker: dozens of files register users and act as the super admin within a minute, which
 * the production limits (10 registrations per IP, 30 admin calls per principal) would refuse. Everything else
 * is main.ts unchanged.
 */
runServiceMain({
  loadConfig: () => loadIdentityConfig(),
  openDatabase: (config) =>
    openMigratedDatabase(identityDatabase, { url: config.identity.databaseUrl, applicationName: 'identity' }),
  buildApp: (deps) =>
    buildApp({
      ...deps,
      setupTokenOutput: createTerminalOutput(),
      limits: { adminPerMinute: 100_000, registerPerMinute: 100_000, resetPerMinute: 100_000 },
    }),
});
