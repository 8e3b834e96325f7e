import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { startEmbeddedPostgres } from '@symbia/db';
import { ADMIN_DATABASE_URL_ENV } from './database/provided-context.js';
import { startIdentityBroker } from './identity/shared-identity.js';

/**
 * Vitest global setup (root vitest.config.ts): one PostgreSQL server for the whole run (DESIGN §8), and the broker
 * that starts one shared identity per worker on first use (sharedIdentityForTests).
 * DATABASE_URL wins when set (CI); otherwise an embedded cluster in a temp dir, stopped in teardown.
 * Test files then create their own databases on it with createTestDatabase().
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stopPostgres = await providePostgres(project);
  const broker = await startIdentityBroker();
  project.provide('symbiaIdentityBrokerUrl', broker.url);
  return async () => {
    try {
      await broker.close();
    } finally {
      await stopPostgres();
    }
  };
}

async function providePostgres(project: TestProject): Promise<() => Promise<void>> {
  const external = process.env.DATABASE_URL;
  if (external) {
    share(project, external);
    return async () => {};
  }

  const dir = await mkdtemp(path.join(os.tmpdir(), 'symbia-test-pg-'));
  // mkdtemp makes the dir 0700; when we run as root the server runs as `postgres` and must traverse it.
  await chmod(dir, 0o755);
  const server = await startEmbeddedPostgres({
    dataDir: path.join(dir, 'data'),
    password: randomBytes(18).toString('base64url'),
    ephemeral: true,
  }).catch(async (err: unknown) => {
    await rm(dir, { recursive: true, force: true });
    throw err;
  });
  share(project, server.url);

  return async () => {
    try {
      await server.stop();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  };
}

function share(project: TestProject, url: string): void {
  project.provide('symbiaAdminDatabaseUrl', url);
  // For processes the tests spawn (services under test, CLIs), which cannot call inject().
  process.env[ADMIN_DATABASE_URL_ENV] = url;
}
