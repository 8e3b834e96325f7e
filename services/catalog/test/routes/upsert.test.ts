import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string; email: string }; // admin of Acme
let bob: Session & { orgId: string; email: string }; // admin of Globex
let modelsService: Session; // the models service's own token: cap:registry.write and cap:registry.publish (models.md §10)
let writer: Session & { email: string }; // an org admin a super admin granted cap:registry.write (org-scoped: acts in its orgs only)

const modelKey = 'integrations/symbia-labs/models/beta';
const path = (key: string, query = '') => `/api/resources/${encodeURIComponent(key)}${query}`;
const put = (
  key: string,
  who: { headers: Record<string, string> } | undefined,
  payload: Record<string, unknown>,
  query = '',
) => h.app.inject({ method: 'PUT', url: path(key, query), ...(who && { headers: who.headers }), payload });
const get = (url: string, who?: { headers: Record<string, string> }) =>
  h.app.inject({ method: 'GET', url, ...(who && { headers: who.headers }) });

/** The body the models service sends (models.md §10). */
const modelBody = (metadata: Record<string, unknown> = {}) => ({
  key: modelKey,
  name: 'beta',
  type: 'integration',
  status: 'published',
  isBootstrap: true,
  tags: ['ai', 'llm', 'symbia-labs', 'local', 'model', 'gguf'],
  metadata: { provider: 'symbia-labs', modelId: 'beta', runtime: { framework: 'node-llama-cpp' }, ...metadata },
  accessPolicy: {
    visibility: 'public',
    actions: {
      read: { anyOf: ['public'] },
      write: { anyOf: ['cap:registry.write', 'role:admin'] },
      delete: { anyOf: ['role:admin'] },
      publish: { anyOf: ['cap:registry.publish', 'role:publisher'] },
    },
  },
});

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  modelsService = await h.serviceSession('models');
  writer = await h.grantEntitlement(await h.registerOrgAdmin('Writer Co'), 'cap:registry.write');
});
afterAll(() => h?.close());

describe('PUT /api/resources/:key (upsert by key)', () => {
  it('creates a published public platform row for a registry publisher, then finds it by its URL-encoded key (models.md §10)', async () => {
    expect(refusalOf(await get(path(modelKey)))).toEqual({ status: 404, code: 'not_found' });
    const created = await put(modelKey, modelsService, modelBody());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      key: modelKey,
      status: 'published',
      currentVersion: 1,
      isBootstrap: true,
      orgId: null,
      accessPolicy: { visibility: 'public' },
    });
    expect((await get(path(modelKey))).json().id).toBe(created.json().id);
    expect((await get('/api/bootstrap')).json().map((r: { key: string }) => r.key)).toContain(modelKey);
  });

  it('is idempotent: the same body again changes nothing; changed content replaces the row and publishes the next version', async () => {
    const before = (await get(path(modelKey))).json();
    const same = await put(modelKey, modelsService, modelBody());
    expect(same.statusCode).toBe(200);
    expect(same.json()).toMatchObject({ currentVersion: 1, updatedAt: before.updatedAt });
    const changed = await put(modelKey, modelsService, { ...modelBody({ contextWindow: 8192 }), tags: undefined });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({ currentVersion: 2, tags: [], metadata: { contextWindow: 8192 } });
    expect((await get(`${path(modelKey)}/versions`)).json().map((v: { version: number }) => v.version)).toEqual([2, 1]);
  });

  it('lets the models service register its published public model row with its own service token from identity (models.md §10)', async () => {
    // A real service JWT minted by the identity process: identity grants `models` cap:registry.write and cap:registry.publish.
    const models = await h.serviceSession('models');
    const key = 'integrations/symbia-labs/models/from-service';
    const created = await put(key, models, { ...modelBody(), key });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      key,
      status: 'published',
      currentVersion: 1,
      isBootstrap: true,
      orgId: null,
      accessPolicy: { visibility: 'public' },
    });
    expect((await get(path(key))).json().id).toBe(created.json().id);
    expect((await get('/api/bootstrap')).json().map((r: { key: string }) => r.key)).toContain(key);
    const again = await put(key, models, { ...modelBody({ contextWindow: 4096 }), key });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ currentVersion: 2, metadata: { contextWindow: 4096 } });
  });

  it('refuses anonymous callers, trusted-looking headers and service tokens without a registry capability', async () => {
    expect(refusalOf(await put('m/anon', undefined, modelBody()))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(
        await put('m/anon', { headers: { 'x-service-auth': 'internal', 'x-service-id': 'models' } }, modelBody()),
      ),
    ).toEqual({ status: 401, code: 'authentication_required' });
    // The logging service holds only cap:identity.introspect: not enough to register rows.
    const logging = await h.serviceSession('logging');
    const res = await put('m/service', logging, { name: 'M', type: 'integration' });
    expect(refusalOf(res)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(res.json().error).toBe("You don't have permission to create resources");
    expect(refusalOf(await put(modelKey, logging, modelBody()))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await get(path('m/service')))).toEqual({ status: 404, code: 'not_found' });
  });

  it('refuses a platform row to a user holding cap:registry.write: the registry lets it act only in its orgs (DESIGN §6)', async () => {
    const denied = await put('w/platform', writer, { name: 'Plain', type: 'context' });
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(denied.json().code).toBe('insufficient_permissions');
    expect(refusalOf(await get(path('w/platform'), h.admin))).toEqual({ status: 404, code: 'not_found' });
  });

  it('lets a writer without admin rights create with the default policy, but not choose a policy or join the bootstrap set (W4)', async () => {
    const member = await h.addMember(alice, alice.orgId, writer.email, 'member');
    const orgPolicy = { visibility: 'org', actions: { read: { anyOf: [`org:${alice.orgId}`] } } };
    const denied = await put(
      'w/policy',
      member,
      { name: 'Chosen', type: 'context', accessPolicy: orgPolicy },
      `?orgId=${alice.orgId}`,
    );
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'admin_required' });
    expect(denied.json().code).toBe('admin_required');
    const created = await put('w/plain', member, { name: 'Plain', type: 'context' }, `?orgId=${alice.orgId}`);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ status: 'draft', accessPolicy: { visibility: 'org' } });
    const stored = created.json().accessPolicy;
    expect(
      (
        await put(
          'w/plain',
          member,
          { name: 'Renamed', type: 'context', accessPolicy: stored },
          `?orgId=${alice.orgId}`,
        )
      ).json().name,
    ).toBe('Renamed');
    const widened = await put(
      'w/plain',
      member,
      { name: 'Renamed', type: 'context', accessPolicy: { ...stored, visibility: 'public' } },
      `?orgId=${alice.orgId}`,
    );
    expect(widened.json().code).toBe('admin_required');
    // The models service publishes platform rows, but changing an existing row's bootstrap membership needs an administrator.
    await put('w/model', modelsService, { ...modelBody(), key: undefined });
    const leaving = await put('w/model', modelsService, { ...modelBody(), key: undefined, isBootstrap: false });
    expect(refusalOf(leaving)).toEqual({ status: 403, code: 'admin_required' });
    expect(leaving.json().code).toBe('admin_required');
  });

  it('refuses a type change (409) and a body key that differs from the path (400)', async () => {
    const conflict = await put(modelKey, modelsService, { ...modelBody(), type: 'context' });
    expect(refusalOf(conflict)).toEqual({ status: 409, code: 'type_immutable' });
    expect(conflict.json()).toMatchObject({ code: 'type_immutable', details: [{ field: 'body.type' }] });
    expect(fieldsOf(await put(modelKey, modelsService, { ...modelBody(), key: 'other/key' }))).toEqual(['body.key']);
  });

  it('rejects malformed input with 400 naming each field', async () => {
    const res = await put(modelKey, modelsService, { type: 'executor', status: 'gone', isBootstrap: 'yes', tags: 'x' });
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining(['body.name', 'body.type', 'body.status', 'body.isBootstrap', 'body.tags']),
    );
    expect(fieldsOf(await put('bad key', modelsService, modelBody()))).toContain('params.id');
    expect(fieldsOf(await put('org/x', alice, { name: 'X', type: 'graph' }, '?orgId=nope'))).toContain(
      'querystring.orgId',
    );
    const notJson = await h.app.inject({
      method: 'PUT',
      url: path('x/y'),
      headers: { ...alice.headers, 'content-type': 'application/json' },
      payload: '"just a string"',
    });
    expect(refusalOf(notJson)).toEqual({ status: 400, code: 'validation_failed' });
    expect(refusalOf(await h.app.inject({ method: 'PUT', url: path('x/y'), headers: alice.headers }))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('upserts org rows with ?orgId= for members; another org gets 404 and keeps its own row under the same key', async () => {
    const created = await put('graphs/etl', alice, { name: 'ETL', type: 'graph' }, `?orgId=${alice.orgId}`);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ orgId: alice.orgId, accessPolicy: { visibility: 'org' } });
    expect(
      refusalOf(await put('graphs/etl', bob, { name: 'Mine now', type: 'graph' }, `?orgId=${alice.orgId}`)),
    ).toEqual({ status: 404, code: 'not_found' });
    const bobs = await put('graphs/etl', bob, { name: 'Globex ETL', type: 'graph' }, `?orgId=${bob.orgId}`);
    expect(bobs.statusCode).toBe(201);
    expect(bobs.json().id).not.toBe(created.json().id);
    const aliceRow = (await get(`/api/resources/by-key?key=graphs%2Fetl&orgId=${alice.orgId}`, alice)).json();
    expect(aliceRow.name).toBe('ETL');
    const org = await put(
      'graphs/etl',
      alice,
      { name: 'ETL', type: 'graph', isBootstrap: true },
      `?orgId=${alice.orgId}`,
    );
    expect(fieldsOf(org)).toEqual(['body.isBootstrap']);
  });

  it('answers concurrent PUTs of a new key with one 201 and 200s, never a 500 or a duplicate', async () => {
    const results = await Promise.all(
      Array.from({ length: 6 }, () => put('race/key', modelsService, { name: 'Race', type: 'context' })),
    );
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 200, 200, 200, 200, 201]);
    expect(new Set(results.map((r) => r.json().id)).size).toBe(1);
  });
});

describe('key addressing on the other resource routes', () => {
  it('reads, patches and deletes a platform row by its URL-encoded key, with the same checks as by id', async () => {
    const key = 'integrations/symbia-labs/models/gone';
    const created = (await put(key, modelsService, { ...modelBody(), key: undefined })).json();
    expect((await get(`${path(key)}/versions`)).json()).toHaveLength(1);
    expect(
      (
        await h.app.inject({
          method: 'PATCH',
          url: path(key),
          headers: modelsService.headers,
          payload: { name: 'Renamed' },
        })
      ).json().name,
    ).toBe('Renamed');
    const foreign = await h.app.inject({
      method: 'PATCH',
      url: path(key),
      headers: writer.headers,
      payload: { name: 'Mine' },
    });
    expect(refusalOf(foreign)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(foreign.json().code).toBe('insufficient_permissions');
    expect((await h.app.inject({ method: 'DELETE', url: path(key), headers: modelsService.headers })).statusCode).toBe(
      403,
    );
    expect(refusalOf(await h.app.inject({ method: 'DELETE', url: path(key) }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect((await h.app.inject({ method: 'DELETE', url: path(key), headers: h.admin.headers })).json()).toEqual({
      success: true,
    });
    expect(refusalOf(await get(`/api/resources/${created.id}`, h.admin))).toEqual({ status: 404, code: 'not_found' });
  });

  it("never resolves another org's key through the path: org rows are found with /api/resources/by-key?orgId=", async () => {
    await put('orgs/only', alice, { name: 'Org only', type: 'graph' }, `?orgId=${alice.orgId}`);
    expect(refusalOf(await get(path('orgs/only'), alice))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await get(path('orgs/only'), bob))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('POST /api/resources with status and isBootstrap', () => {
  it('publishes version 1 at creation for callers with the publish right, all in one transaction', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/resources',
      headers: alice.headers,
      payload: { key: 'p/now', name: 'Now', type: 'graph', orgId: alice.orgId, status: 'published' },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ status: 'published', currentVersion: 1 });
    // A policy without a publish rule: the row may be created, but not published by anyone but a super admin.
    const unpublishable = {
      visibility: 'org',
      actions: { read: { anyOf: [`org:${alice.orgId}`] }, write: { anyOf: [`role:admin:${alice.orgId}`] } },
    };
    const denied = await h.app.inject({
      method: 'POST',
      url: '/api/resources',
      headers: alice.headers,
      payload: {
        key: 'p/denied',
        name: 'D',
        type: 'context',
        orgId: alice.orgId,
        accessPolicy: unpublishable,
        status: 'published',
      },
    });
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(denied.json().code).toBe('insufficient_permissions');
    // Rolled back: the key is still free.
    expect(
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/resources',
          headers: alice.headers,
          payload: { key: 'p/denied', name: 'D', type: 'context', orgId: alice.orgId },
        })
      ).statusCode,
    ).toBe(201);
  });
});
