/**
 * Writes each service's OpenAPI document to services/<name>/openapi.json (`npm run openapi`), or with `--check`
 * exits 1 when a committed one differs from the routes. Each app is built as its main.ts builds it, on a fresh
 * migrated database (DATABASE_URL's server, or an embedded PostgreSQL when unset) with a fixed environment, so the
 * documents depend on the routes only. services/<name>/test/openapi.contract.test.ts builds them the same way.
 *
 *   npm run openapi [-- [--check] [identity|catalog|messaging|integrations|network ...]]
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DestinationStream } from 'pino';
import { openMigratedDatabase, startEmbeddedPostgres } from '@symbia/db';
import {
  ADMIN_DATABASE_URL_ENV,
  buildOpenApiDocument,
  describeOpenApiDrift,
  readCommittedOpenApi,
  type OpenApiAppBuilder,
} from '@symbia/testing';
import { buildApp as buildIdentity } from '../services/identity/src/app.js';
import { loadIdentityConfig } from '../services/identity/src/config.js';
import { identityDatabase } from '../services/identity/src/db/db.js';
import { buildApp as buildCatalog } from '../services/catalog/src/app.js';
import { loadCatalogConfig } from '../services/catalog/src/config.js';
import { catalogDatabase } from '../services/catalog/src/db/db.js';
import { buildApp as buildMessaging } from '../services/messaging/src/app.js';
import { loadMessagingConfig } from '../services/messaging/src/config.js';
import { messagingDatabase } from '../services/messaging/src/db/db.js';
import { buildApp as buildIntegrations } from '../services/integrations/src/app.js';
import { loadIntegrationsConfig } from '../services/integrations/src/config.js';
import { integrationsDatabase } from '../services/integrations/src/db/db.js';
import { buildApp as buildNetwork } from '../services/network/src/app.js';
import { loadNetworkConfig } from '../services/network/src/config.js';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Logs of the throwaway apps go nowhere. */
const discard: DestinationStream = { write: () => undefined };

/**
 * The fixed environment every app is built with: no secrets that reach a peer, no ports, nothing from the shell.
 * Identity requires its secrets, so it gets constant, meaningless ones.
 */
const baseEnv = (databaseUrl: string) => ({ NODE_ENV: 'test', LOG_LEVEL: 'warn', DATABASE_URL: databaseUrl });

/** How each service's app is built for its document, by service name. */
export const openApiServices: Readonly<
  Record<'identity' | 'catalog' | 'messaging' | 'integrations' | 'network', OpenApiAppBuilder>
> = {
  identity: async (url) => {
    const config = loadIdentityConfig({
      ...baseEnv(url),
      INTERNAL_SERVICE_SECRET: 'openapi-document-only-internal-secret',
      CREDENTIAL_ENCRYPTION_KEY: '00'.repeat(32),
    });
    return buildIdentity({
      config,
      database: await openMigratedDatabase(identityDatabase, { url, max: 2 }),
      logDestination: discard,
    });
  },
  catalog: async (url) => {
    const config = loadCatalogConfig(baseEnv(url));
    return buildCatalog({
      config,
      database: await openMigratedDatabase(catalogDatabase, { url, max: 2 }),
      logDestination: discard,
    });
  },
  messaging: async (url) => {
    const config = loadMessagingConfig(baseEnv(url));
    return buildMessaging({
      config,
      database: await openMigratedDatabase(messagingDatabase, { url, max: 2 }),
      logDestination: discard,
    });
  },
  integrations: async (url) => {
    const config = loadIntegrationsConfig(baseEnv(url));
    return buildIntegrations({
      config,
      database: await openMigratedDatabase(integrationsDatabase, { url, max: 2 }),
      logDestination: discard,
    });
  },
  // No database (network.md §1: its state is in memory); the URL is unused. A fixed hash key keeps the log quiet.
  network: async () => {
    const config = loadNetworkConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      NETWORK_HASH_SECRET: 'openapi-document-only-hash-secret',
    });
    return buildNetwork({ config, logDestination: discard });
  },
};

export type OpenApiServiceName = keyof typeof openApiServices;

/** Where a service's committed document lives. */
export const openApiFileOf = (service: OpenApiServiceName) => path.join(root, 'services', service, 'openapi.json');

/** A service's document as its routes give it now (the committed form). */
export const currentOpenApiOf = (service: OpenApiServiceName) =>
  buildOpenApiDocument(openApiServices[service], { prefix: `openapi_${service}` });

/** Runs `fn` with a PostgreSQL server for createTestDatabase: DATABASE_URL's, or an embedded one for the call. */
async function withPostgres<T>(fn: () => Promise<T>): Promise<T> {
  if (process.env[ADMIN_DATABASE_URL_ENV] || process.env.DATABASE_URL) return fn();
  const dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-openapi-pg-'));
  try {
    const server = await startEmbeddedPostgres({
      dataDir: path.join(dir, 'data'),
      password: randomBytes(18).toString('base64url'),
      ephemeral: true,
    });
    try {
      process.env[ADMIN_DATABASE_URL_ENV] = server.url;
      return await fn();
    } finally {
      await server.stop();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function main(args: string[]): Promise<number> {
  const check = args.includes('--check');
  const names = args.filter((a) => a !== '--check');
  const unknown = names.filter((n) => !(n in openApiServices));
  if (unknown.length > 0) {
    process.stderr.write(
      `write-openapi: unknown service ${unknown.join(', ')}; known: ${Object.keys(openApiServices).join(', ')}\n`,
    );
    return 2;
  }
  const services = (names.length > 0 ? names : Object.keys(openApiServices)) as OpenApiServiceName[];
  let failures = 0;
  await withPostgres(async () => {
    for (const service of services) {
      const file = openApiFileOf(service);
      const relative = path.relative(root, file);
      const current = await currentOpenApiOf(service);
      const drift = describeOpenApiDrift(await readCommittedOpenApi(file), current, relative);
      if (check) {
        if (drift) failures += 1;
        process.stdout.write(drift ? `${drift}\n` : `${relative} matches the routes\n`);
      } else {
        if (drift) await writeFile(file, current);
        process.stdout.write(`${relative} ${drift ? 'written' : 'unchanged'}\n`);
      }
    }
  });
  return failures > 0 ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`write-openapi: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exit(1);
    },
  );
}
