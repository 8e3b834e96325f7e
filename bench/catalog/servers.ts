// Child processes for the catalog benchmarks, started and pinned by catalog-bench.ts:
//   identity: the real identity service (mints the tokens and serves the JWKS the catalog verifies against)
//   catalog:  the real catalog service in production mode, verifying those tokens locally
import { openMigratedDatabase } from '@symbia/db';
import { runService } from '@symbia/kit';
import { buildApp as buildCatalog } from '../../services/catalog/src/app.js';
import { loadCatalogConfig } from '../../services/catalog/src/config.js';
import { catalogDatabase } from '../../services/catalog/src/db/db.js';
import { startBenchIdentity } from '../support/bench-identity.js';

const kind = process.argv[2];
const BENCH_ISSUER = 'http://identity.catalog-bench';
const common = {
  NODE_ENV: 'production',
  PORT: '0',
  HOST: '127.0.0.1',
  INTERNAL_SERVICE_SECRET: process.env.BENCH_SERVICE_SECRET!,
  IDENTITY_ISSUER: BENCH_ISSUER,
};

/** Production settings, including the default log level (one `request completed` line per request, to /dev/null). */
async function startCatalog(): Promise<string> {
  const config = loadCatalogConfig({
    ...process.env,
    ...common,
    LOG_LEVEL: 'info',
    IDENTITY_SERVICE_URL: process.env.BENCH_IDENTITY_URL!,
  });
  const database = await openMigratedDatabase(catalogDatabase, {
    url: config.catalog.databaseUrl,
    applicationName: 'catalog',
  });
  const app = await buildCatalog({ config, database });
  return (await runService(app, { config })).url;
}

const url =
  kind === 'identity'
    ? await startBenchIdentity({ issuer: BENCH_ISSUER, unlimitedRegistration: true })
    : kind === 'catalog'
      ? await startCatalog()
      : null;
if (!url) throw new Error(`unknown server kind ${kind}`);
process.stderr.write(`BENCH_URL ${url}\n`);
