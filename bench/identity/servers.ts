// Child processes for the identity benchmarks, pinned to one core by the parent:
//   identity: the full identity service (production log level, cheap argon2 unless BENCH_ARGON2=prod)
//   verify:   a trivial route behind @symbia/auth requireAuth, verifying identity's tokens through its JWKS
import { randomBytes } from 'node:crypto';
import { authPlugin, createJwtVerifier, requireAuth } from '@symbia/auth';
import { createDatabase, runMigrations } from '@symbia/db';
import { createService, loadServiceConfig, runService } from '@symbia/kit';
import { z } from 'zod';
import { buildApp } from '../../services/identity/src/app.js';
import { loadIdentityConfig } from '../../services/identity/src/config.js';
import { IDENTITY_SCHEMA, migrationsDir } from '../../services/identity/src/db/db.js';
import { identityTables } from '../../services/identity/src/db/schema.js';

const kind = process.argv[2];

async function startIdentity(): Promise<string> {
  const config = loadIdentityConfig({
    ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1',
    INTERNAL_SERVICE_SECRET: process.env.BENCH_SERVICE_SECRET!, CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    IDENTITY_ISSUER: 'http://identity.bench', SYMBIA_ADMIN_EMAIL: 'bench-admin@x.io', SYMBIA_ADMIN_PASSWORD: randomBytes(12).toString('hex'),
  });
  const database = createDatabase({ url: config.identity.databaseUrl, schema: IDENTITY_SCHEMA, tables: identityTables });
  await runMigrations({ pool: database.pool, schema: IDENTITY_SCHEMA, dir: migrationsDir });
  const app = await buildApp({ config, database, limits: { registerPerMinute: 1_000_000 } });
  return (await runService(app, { config })).url;
}

async function startVerify(): Promise<string> {
  const config = loadServiceConfig({ serviceId: 'bench-verify', env: { ...process.env, NODE_ENV: 'production', LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1' } });
  const app = await createService({ config, description: 'requireAuth benchmark', logRequests: false });
  const verifier = createJwtVerifier({ jwksUrl: `${process.env.BENCH_IDENTITY_URL}/.well-known/jwks.json`, issuer: 'http://identity.bench', audience: 'symbia' });
  await app.register(authPlugin, { verifier });
  app.get('/api/hello', { preHandler: requireAuth, schema: { response: { 200: z.object({ sub: z.string() }) } } }, async (request) => ({ sub: request.principal!.id }));
  return (await runService(app, { config })).url;
}

const url = kind === 'identity' ? await startIdentity() : kind === 'verify' ? await startVerify() : null;
if (!url) throw new Error(`unknown server kind ${kind}`);
process.stderr.write(`BENCH_URL ${url}\n`);
