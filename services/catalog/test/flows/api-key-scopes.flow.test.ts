import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Issue 16: API-key scopes are enforced by every service, not only by identity. One identity key scoped
 * `read:resources` goes to catalog, messaging and integrations running as real processes: it reads, and it never
 * writes, publishes, posts or spends the org's stored provider keys.
 */
let database: TestDatabase;
let platform: StartedServices;
let owner: { authorization: string };
let orgId: string;
let readKey: { 'x-api-key': string };
let writeKey: { 'x-api-key': string };
let resourceId: string;
let conversationId: string;

const call = async (service: string, method: string, path: string, headers: Record<string, string>, body?: unknown) => {
  const res = await fetch(`${platform.urls[service]}${path}`, {
    method,
    headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> & { id?: string } };
};
const expectScopeMissing = (res: Awaited<ReturnType<typeof call>>, scope: string) => {
  expect(res.status, JSON.stringify(res.body)).toBe(403);
  expect(res.body).toMatchObject({ code: 'api_key_scope_missing', details: { requiredScope: scope } });
};

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'key_scopes_flow' });
  platform = await startServices({
    services: ['identity', 'catalog', 'integrations', 'messaging'],
    databaseUrl: database.url,
    env: { LOG_LEVEL: 'warn', ARGON2_MEMORY_KIB: '256', ARGON2_TIME_COST: '1' },
    readyTimeoutMs: 60_000,
  });
  const registered = await call(
    'identity',
    'POST',
    '/api/auth/register',
    {},
    { email: 'keys@example.test', password: 'correct horse battery', name: 'Keys', orgName: 'Key Org' },
  );
  const { token, organization } = registered.body as { token: string; organization: { id: string } };
  owner = { authorization: `Bearer ${token}` };
  orgId = organization.id;
  const key = async (scopes: string[]) => ({
    'x-api-key': (await call('identity', 'POST', '/api/api-keys', owner, { name: scopes.join(' '), orgId, scopes }))
      .body.key as string,
  });
  readKey = await key(['read:resources']);
  writeKey = await key(['read', 'write']);
  resourceId = (
    await call('catalog', 'POST', '/api/resources', owner, { key: 'keys/graph', name: 'Graph', type: 'graph', orgId })
  ).body.id!;
  conversationId = (await call('messaging', 'POST', '/api/conversations', owner, { type: 'group', name: 'Keys' })).body
    .id!;
}, 180_000);
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('a read:resources API key in every service', () => {
  it('reads the catalog but never creates, changes or publishes a row', async () => {
    expect((await call('catalog', 'GET', `/api/resources/${resourceId}`, readKey)).status).toBe(200);
    expect((await call('catalog', 'POST', '/api/search', readKey, { query: 'Graph' })).status).toBe(200);
    expectScopeMissing(
      await call('catalog', 'POST', '/api/resources', readKey, {
        key: 'keys/other',
        name: 'Other',
        type: 'graph',
        orgId,
      }),
      'catalog:write',
    );
    expectScopeMissing(
      await call('catalog', 'PATCH', `/api/resources/${resourceId}`, readKey, { name: 'Renamed' }),
      'catalog:write',
    );
    expectScopeMissing(
      await call('catalog', 'POST', `/api/resources/${resourceId}/publish`, readKey, {}),
      'catalog:write',
    );
    // The same org's key with the write scope does write: the refusal above is the scope, nothing else.
    expect(
      (
        await call('catalog', 'POST', '/api/resources', writeKey, {
          key: 'keys/other',
          name: 'Other',
          type: 'graph',
          orgId,
        })
      ).status,
    ).toBe(201);
  });

  it('reads conversations but never posts a message', async () => {
    expect((await call('messaging', 'GET', '/api/conversations', readKey)).status).toBe(200);
    expectScopeMissing(
      await call('messaging', 'POST', `/api/conversations/${conversationId}/messages`, readKey, {
        content: 'from a read key',
      }),
      'messaging:write',
    );
    expect(
      (
        await call('messaging', 'POST', `/api/conversations/${conversationId}/messages`, writeKey, {
          content: 'from a write key',
        })
      ).status,
    ).toBe(201);
  });

  it('lists providers but never spends the stored provider keys, not even with the write scope', async () => {
    expect((await call('integrations', 'GET', '/api/integrations/providers', readKey)).status).toBe(200);
    const execute = {
      provider: 'openai',
      operation: 'chat.completions',
      params: { model: 'gpt-4o-mini', prompt: 'hi' },
    };
    expectScopeMissing(
      await call('integrations', 'POST', '/api/integrations/execute', readKey, execute),
      'integrations:execute',
    );
    expectScopeMissing(
      await call('integrations', 'POST', '/api/integrations/execute', writeKey, execute),
      'integrations:execute',
    );
  });
});
