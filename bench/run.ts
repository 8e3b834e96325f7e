// `npm run bench -- <name>`: runs one benchmark (or all) and prints a Markdown table for bench/RESULTS.md.
import { runKitOverhead } from './kit/kit-overhead.js';
import { runIdentityBenchmarks } from './identity/identity-bench.js';
import { runMessagingBenchmarks } from './messaging/messaging-bench.js';
import { runIntegrationsBenchmark } from './integrations/integrations-bench.js';
import { runCatalogBenchmarks } from './catalog/catalog-bench.js';
import { runWebsiteBenchmarks } from './website/website-bench.js';
import { runRevocationOverhead } from './auth/revocation-overhead.js';
import { runStartupBenchmarks } from './startup/startup-bench.js';
import { runNetworkBenchmark } from './network/network-bench.js';

const benchmarks: Record<string, () => Promise<void>> = {
  'kit-overhead': runKitOverhead,
  // Needs DATABASE_URL (a PostgreSQL server for the identity instance under test).
  identity: runIdentityBenchmarks,
  // Needs DATABASE_URL; boots identity, integrations and messaging as processes, Redis not needed.
  messaging: runMessagingBenchmarks,
  // Needs DATABASE_URL (identity and integrations instances under test).
  integrations: runIntegrationsBenchmark,
  // Needs DATABASE_URL (identity and catalog under test share a scratch database, one schema each).
  catalog: runCatalogBenchmarks,
  // Needs /usr/bin/chromium; no database (production build size and time to interactive on the local server).
  website: runWebsiteBenchmarks,
  // Needs DATABASE_URL; identity plus two copies of a catalog-like route, with and without the revocation feed.
  'revocation-overhead': runRevocationOverhead,
  // Needs DATABASE_URL and a fresh `npm run build`; starts each service from sources and built, then `npm start`.
  startup: runStartupBenchmarks,
  // Needs NATS (NATS_URL, default nats://127.0.0.1:4222) for the cross-replica rows; no database.
  network: runNetworkBenchmark,
};

const requested = process.argv.slice(2);
const names = requested.length > 0 ? requested : Object.keys(benchmarks);
for (const name of names) {
  const run = benchmarks[name];
  if (!run) {
    console.error(`unknown benchmark "${name}"; available: ${Object.keys(benchmarks).join(', ')}`);
    process.exit(2);
  }
  await run();
}
