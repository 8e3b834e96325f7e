import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

let database: TestDatabase;
let platform: StartedServices;

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'catalog_flow' });
  platform = await startServices({
    services: ['identity', 'catalog'],
    databaseUrl: database.url,
    env: { LOG_LEVEL: 'warn' },
  });
});
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('catalog as a process (src/main.ts)', () => {
  it('migrates, loads the bootstrap set, reports ready, and accepts identity tokens', async () => {
    const catalog = platform.urls.catalog!;
    expect((await fetch(`${catalog}/health/ready`)).status).toBe(200);
    const rows = (await (await fetch(`${catalog}/api/bootstrap`)).json()) as { id: string }[];
    expect(rows.map((r) => r.id)).toContain('ast-echo');
    const register = await fetch(`${platform.urls.identity}/api/auth/register`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        email: 'flow@example.test',
        password: 'correct horse battery',
        name: 'Flow',
        orgName: 'Flow Org',
      }),
    });
    const { token, organization } = (await register.json()) as { token: string; organization: { id: string } };
    const created = await fetch(`${catalog}/api/resources`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ key: 'flow/graph', name: 'Flow graph', type: 'graph', orgId: organization.id }),
    });
    expect(created.status).toBe(201);
  });
});
