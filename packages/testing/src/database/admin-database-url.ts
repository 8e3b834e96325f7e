import { ADMIN_DATABASE_URL_ENV } from './provided-context.js';

/**
 * The test server's superuser URL: from vitest's `inject` inside a test worker, otherwise from the
 * environment (child processes spawned by tests inherit SYMBIA_TEST_ADMIN_DATABASE_URL).
 */
export async function resolveAdminDatabaseUrl(): Promise<string> {
  if (process.env.VITEST) {
    try {
      const { inject } = await import('vitest');
      const injected = inject('symbiaAdminDatabaseUrl');
      if (injected) return injected;
    } catch {
      // Not inside a test worker (e.g. vitest's own main process); fall through to the environment.
    }
  }
  const fromEnv = process.env[ADMIN_DATABASE_URL_ENV] || process.env.DATABASE_URL;
  if (!fromEnv) {
    throw new Error(
      `No test PostgreSQL: run under vitest with @symbia/testing's global setup, or set ${ADMIN_DATABASE_URL_ENV} or DATABASE_URL`,
    );
  }
  return fromEnv;
}
