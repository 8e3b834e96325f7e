import { randomBytes } from 'node:crypto';
import { dropDatabase, ensureDatabase, isValidIdentifier } from '@symbia/db';
import { resolveAdminDatabaseUrl } from './admin-database-url.js';

export interface CreateTestDatabaseOptions {
  /** Label inside the name, e.g. `identity` → `symbia_t_identity_<random>`. */
  prefix?: string;
}

export interface TestDatabase {
  /** Connection URL of the new database (same server and credentials as the admin URL). */
  url: string;
  name: string;
  /** Drops the database, disconnecting whatever is still connected to it. */
  drop(): Promise<void>;
}

/**
 * A fresh, empty database per call (DESIGN §8: each test file gets its own), so test files can run in
 * parallel against one server. Every name starts with `symbia_t_`, which makes leftovers easy to find.
 */
export async function createTestDatabase(options: CreateTestDatabaseOptions = {}): Promise<TestDatabase> {
  const label = options.prefix ? `${options.prefix}_` : '';
  const name = `symbia_t_${label}${randomBytes(6).toString('hex')}`;
  if (!isValidIdentifier(name)) {
    throw new Error(`createTestDatabase: prefix ${JSON.stringify(options.prefix)} gives an invalid database name`);
  }
  const adminUrl = await resolveAdminDatabaseUrl();
  await ensureDatabase(adminUrl, name);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    drop: () => dropDatabase(adminUrl, name),
  };
}
