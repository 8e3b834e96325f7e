// The real identity service as the benchmarks start it: production mode, its own migrated schema, a fresh vault
// key, and a super admin from BENCH_ADMIN_EMAIL / BENCH_ADMIN_PASSWORD (or a throwaway one).
import { randomBytes } from 'node:crypto';
import { openMigratedDatabase } from '@symbia/db';
import { runService } from '@symbia/kit';
import { buildApp } from '../../services/identity/src/app.js';
import { loadIdentityConfig } from '../../services/identity/src/config.js';
import { identityDatabase } from '../../services/identity/src/db/db.js';

export interface BenchIdentityOptions {
  /** The `iss` its tokens carry; the benchmark's verifiers expect it. */
  issuer: string;
  /** Lifts registration's rate limit, for benchmarks that sign many users up. */
  unlimitedRegistration?: boolean;
}

/** Starts identity in this process and answers its URL. */
export async function startBenchIdentity(options: BenchIdentityOptions): Promise<string> {
  const env = process.env;
  const config = loadIdentityConfig({
    ...env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    PORT: '0',
    HOST: '127.0.0.1',
    IDENTITY_ISSUER: options.issuer,
    INTERNAL_SERVICE_SECRET: env.BENCH_SERVICE_SECRET!,
    CREDENTIAL_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
    SYMBIA_ADMIN_EMAIL: env.BENCH_ADMIN_EMAIL ?? 'bench-admin@x.io',
    SYMBIA_ADMIN_PASSWORD: env.BENCH_ADMIN_PASSWORD ?? randomBytes(12).toString('hex'),
  });
  const database = await openMigratedDatabase(identityDatabase, { url: config.identity.databaseUrl });
  const limits = options.unlimitedRegistration ? { registerPerMinute: 1_000_000 } : undefined;
  const app = await buildApp({ config, database, ...(limits && { limits }) });
  return (await runService(app, { config })).url;
}
