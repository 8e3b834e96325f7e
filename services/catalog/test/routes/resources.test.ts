import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string; email: string }; // admin of Acme
let bob: Session & { orgId: string; email: string }; // admin of Globex, never in Acme
let viewer: Session; // viewer of Acme (and admin of their own org)

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: unknown) =>
  h.app.inject({
    method,
    url,
    ...(who && { headers: who.headers }),
    ...(payload !== undefined && { payload: payload as Record<string, unknown> }),
  });
const create = async (who: Session, body: Record<string, unknown>) => {
  const res = await req('POST', '/api/resources', who, body);
  expect(res.statusCode, res.body).toBe(201);
  return res.json() as { id: string; key: string; orgId: string | null; accessPolicy: { visibility: string } };
};

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  const v = await h.registerOrgAdmin('Viewer Co');
  viewer = await h.addMember(alice, alice.orgId, v.email, 'viewer');
});
afterAll(() => h?.close());

describe('POST /api/resources', () => {
  it('creates an org resource as draft with the org default policy', async () => {
    const res = await req('POST', '/api/resources', alice, {
      key: 'graphs/etl',
      name: 'ETL',
      type: 'graph',
      orgId: alice.orgId,
      tags: ['a', 'a', 'b'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      key: 'graphs/etl',
      status: 'draft',
      orgId: alice.orgId,
      currentVersion: null,
      isBootstrap: false,
      tags: ['a', 'b'],
      accessPolicy: { visibility: 'org' },
    });
  });

  it('refuses anonymous callers (401), another org (404), viewers (403) and platform rows without registry rights (403)', async () => {
    expect((await req('POST', '/api/resources', undefined, { key: 'x', name: 'X', type: 'graph' })).statusCode).toBe(
      401,
    );
    expect(
      refusalOf(await req('POST', '/api/resources', bob, { key: 'x', name: 'X', type: 'graph', orgId: alice.orgId })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(
        await req('POST', '/api/resources', viewer, { key: 'x', name: 'X', type: 'graph', orgId: alice.orgId }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(refusalOf(await req('POST', '/api/resources', alice, { key: 'x', name: 'X', type: 'graph' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
  });

  it('answers 409 for a key taken in the same org, but lets another org use it', async () => {
    await create(alice, { key: 'dup/key', name: 'D', type: 'context', orgId: alice.orgId });
    const dup = await req('POST', '/api/resources', alice, {
      key: 'dup/key',
      name: 'D',
      type: 'context',
      orgId: alice.orgId,
    });
    expect(refusalOf(dup)).toEqual({ status: 409, code: 'key_in_use' });
    expect(dup.json().code).toBe('key_in_use');
    await create(bob, { key: 'dup/key', name: 'D', type: 'context', orgId: bob.orgId });
  });

  it('rejects malformed input with 400 naming each field, including malformed policies and unknown fields', async () => {
    const bad = await req('POST', '/api/resources', alice, { key: '', name: 'X', type: 'executor', orgId: 'nope' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.key', 'body.type', 'body.orgId']));
    const policy = await req('POST', '/api/resources', alice, {
      key: 'p',
      name: 'P',
      type: 'graph',
      orgId: alice.orgId,
      accessPolicy: { visibility: 'everyone', actions: { read: 'public' } },
    });
    expect(refusalOf(policy)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(policy).some((f) => f.startsWith('body.accessPolicy'))).toBe(true);
    const sneaky = await req('POST', '/api/resources', alice, {
      key: 's',
      name: 'S',
      type: 'graph',
      orgId: alice.orgId,
      isBootstrap: true,
    });
    expect(refusalOf(sneaky)).toEqual({ status: 400, code: 'validation_failed' });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/resources',
          headers: { ...alice.headers, 'content-type': 'application/json' },
          payload: '[1]',
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
  });

  it('accepts an identity API key of the org (introspected as the catalog service) and refuses a forged one', async () => {
    const key = await h.createApiKey(alice, alice.orgId, ['catalog:read', 'catalog:write']);
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/resources',
      headers: { 'x-api-key': key },
      payload: { key: 'via/api-key', name: 'K', type: 'graph', orgId: alice.orgId },
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(
      (await h.app.inject({ method: 'GET', url: `/api/resources/${res.json().id}`, headers: { 'x-api-key': key } }))
        .statusCode,
    ).toBe(200);
    const forged = await h.app.inject({
      method: 'GET',
      url: '/api/resources',
      headers: { 'x-api-key': `sk_${'a'.repeat(40)}` },
    });
    expect(refusalOf(forged)).toEqual({ status: 401, code: 'invalid_api_key' });
  });

  it('never trusts X-Org-Id or X-Service-Auth headers', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/resources',
      headers: { 'x-service-auth': 'internal', 'x-org-id': alice.orgId },
      payload: { key: 'h', name: 'H', type: 'graph', orgId: alice.orgId },
    });
    expect(refusalOf(res)).toEqual({ status: 401, code: 'authentication_required' });
  });
});

describe('GET /api/resources and /api/resources/:id', () => {
  let acmeGraph: string;
  let publicOne: string;
  beforeAll(async () => {
    acmeGraph = (
      await create(alice, {
        key: 'list/acme-graph',
        name: 'Acme graph',
        type: 'graph',
        orgId: alice.orgId,
        tags: ['etl'],
        description: '100% done_ok',
      })
    ).id;
    const pub = await create(h.admin, {
      key: 'list/public',
      name: 'Public context',
      type: 'context',
      accessPolicy: { visibility: 'public', actions: { read: { anyOf: ['public'] } } },
    });
    publicOne = pub.id;
    const published = await req('POST', `/api/resources/${publicOne}/publish`, h.admin);
    expect(published.statusCode, published.body).toBe(201);
  });

  it('shows org rows to members only; another org gets 404 and never sees them in lists', async () => {
    expect((await req('GET', `/api/resources/${acmeGraph}`, alice)).json()).toMatchObject({
      id: acmeGraph,
      orgId: alice.orgId,
    });
    expect((await req('GET', `/api/resources/${acmeGraph}`, viewer)).statusCode).toBe(200);
    expect(refusalOf(await req('GET', `/api/resources/${acmeGraph}`, bob))).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(
        await req('GET', `/api/resources/${acmeGraph}`, {
          ...bob,
          headers: { ...bob.headers, 'x-org-id': alice.orgId } as never,
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    const bobs = (await req('GET', '/api/resources?limit=200', bob)).json().items as {
      id: string;
      orgId: string | null;
    }[];
    expect(bobs.every((r) => r.orgId === null || r.orgId === bob.orgId)).toBe(true);
    expect(bobs.map((r) => r.id)).not.toContain(acmeGraph);
  });

  it('shows anonymous callers public published rows only', async () => {
    const anon = (await req('GET', '/api/resources')).json().items as { id: string }[];
    expect(anon.map((r) => r.id)).toEqual([publicOne]);
    expect(refusalOf(await req('GET', `/api/resources/${acmeGraph}`))).toEqual({ status: 404, code: 'not_found' });
    expect((await req('GET', `/api/resources/${publicOne}`)).statusCode).toBe(200);
  });

  it('filters by type, tag, key prefix and q (with % and _ matched literally)', async () => {
    const ids = async (qs: string) =>
      ((await req('GET', `/api/resources?${qs}`, alice)).json().items as { id: string }[]).map((r) => r.id);
    expect(await ids('type=graph&prefix=list/')).toEqual([acmeGraph]);
    expect(await ids('tag=etl')).toEqual([acmeGraph]);
    expect(await ids(`q=${encodeURIComponent('100%')}`)).toEqual([acmeGraph]);
    expect(await ids(`q=${encodeURIComponent('done_')}`)).toEqual([acmeGraph]);
    expect(await ids(`q=${encodeURIComponent('don_')}`)).toEqual([]);
    expect(await ids('prefix=%25')).toEqual([]);
  });

  it('paginates with limit and an opaque cursor', async () => {
    for (let i = 0; i < 3; i++)
      await create(alice, { key: `page/${i}`, name: `P${i}`, type: 'context', orgId: alice.orgId });
    const first = (await req('GET', '/api/resources?prefix=page/&limit=2', alice)).json();
    expect(first.items).toHaveLength(2);
    const second = (await req('GET', `/api/resources?prefix=page/&limit=2&cursor=${first.nextCursor}`, alice)).json();
    expect(second.items).toHaveLength(1);
    expect(second.nextCursor).toBeNull();
    expect(new Set([...first.items, ...second.items].map((r: { key: string }) => r.key)).size).toBe(3);
  });

  it('finds a resource by key within an org or among platform rows; other orgs get 404', async () => {
    const url = `/api/resources/by-key?key=${encodeURIComponent('list/acme-graph')}&orgId=${alice.orgId}`;
    expect((await req('GET', url, alice)).json().id).toBe(acmeGraph);
    expect(refusalOf(await req('GET', url, bob))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', url))).toEqual({ status: 404, code: 'not_found' });
    expect((await req('GET', `/api/resources/by-key?key=${encodeURIComponent('list/public')}`)).json().id).toBe(
      publicOne,
    );
    expect(fieldsOf(await req('GET', '/api/resources/by-key?orgId=x', alice))).toEqual(
      expect.arrayContaining(['querystring.key', 'querystring.orgId']),
    );
  });

  it('rejects malformed queries with 400 naming the field', async () => {
    expect(fieldsOf(await req('GET', '/api/resources?limit=500', alice))).toContain('querystring.limit');
    expect(fieldsOf(await req('GET', '/api/resources?type=executor', alice))).toContain('querystring.type');
    expect(fieldsOf(await req('GET', '/api/resources?cursor=@@@', alice))).toContain('query.cursor');
    expect(refusalOf(await req('GET', '/api/resources/bad%20id', alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('rejects an invalid token with 401 rather than serving it anonymously', async () => {
    expect(
      refusalOf(
        await h.app.inject({ method: 'GET', url: '/api/resources', headers: { authorization: 'Bearer not.a.jwt' } }),
      ),
    ).toEqual({ status: 401, code: 'invalid_token' });
  });
});

describe('PATCH /api/resources/:id', () => {
  let id: string;
  beforeAll(async () => {
    id = (
      await create(alice, { key: 'patch/me', name: 'Before', type: 'graph', orgId: alice.orgId, metadata: { a: 1 } })
    ).id;
  });

  it('replaces the named fields and keeps the others', async () => {
    const res = await req('PATCH', `/api/resources/${id}`, alice, { name: 'After', metadata: { b: 2 } });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ name: 'After', key: 'patch/me', metadata: { b: 2 } });
  });

  it('answers 401 anonymously, 404 to another org, 403 to a viewer', async () => {
    expect(refusalOf(await req('PATCH', `/api/resources/${id}`, undefined, { name: 'X' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('PATCH', `/api/resources/${id}`, bob, { name: 'X' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('PATCH', `/api/resources/${id}`, viewer, { name: 'X' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
  });

  it('refuses orgId/type/isBootstrap changes and malformed fields with 400', async () => {
    const res = await req('PATCH', `/api/resources/${id}`, alice, { orgId: bob.orgId, type: 'assistant', name: '' });
    expect(refusalOf(res)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(await req('PATCH', `/api/resources/${id}`, alice, { name: '', status: 'gone' }))).toEqual(
      expect.arrayContaining(['body.name', 'body.status']),
    );
  });

  it('lets only administrators change the access policy (W4)', async () => {
    const member = await h.addMember(alice, alice.orgId, bob.email, 'member');
    const policy = {
      visibility: 'org',
      actions: { read: { anyOf: [`org:${alice.orgId}`] }, write: { anyOf: [`role:member:${alice.orgId}`] } },
    };
    const denied = await req('PATCH', `/api/resources/${id}`, member, { accessPolicy: policy });
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'admin_required' });
    expect(denied.json().code).toBe('admin_required');
    expect((await req('PATCH', `/api/resources/${id}`, member, { name: 'By member' })).statusCode).toBe(200);
    expect((await req('PATCH', `/api/resources/${id}`, alice, { accessPolicy: policy })).json().accessPolicy).toEqual(
      policy,
    );
  });
});

describe('DELETE /api/resources/:id', () => {
  it('deletes for the org admin; 401 anonymously, 404 to another org, 403 to a viewer; then 404', async () => {
    const { id } = await create(alice, { key: 'del/me', name: 'Del', type: 'graph', orgId: alice.orgId });
    expect(refusalOf(await req('DELETE', `/api/resources/${id}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    const outsider = await h.registerOrgAdmin('Initech');
    expect(refusalOf(await req('DELETE', `/api/resources/${id}`, outsider))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('DELETE', `/api/resources/${id}`, viewer))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect((await req('DELETE', `/api/resources/${id}`, alice)).json()).toEqual({ success: true });
    expect(refusalOf(await req('GET', `/api/resources/${id}`, alice))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('DELETE', '/api/resources/bad%20id', alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });
});

describe('malformed stored policies (W3)', () => {
  it('never turn lists or writes into 500s; such rows deny everyone but super admins', async () => {
    const now = new Date().toISOString();
    const insert = (id: string, policy: string) =>
      h.database.pool.query(
        `INSERT INTO resources (id, key, name, type, status, org_id, access_policy, created_at, updated_at) VALUES ($1, $5, 'Broken', 'graph', 'published', $2, $3::jsonb, $4, $4)`,
        [id, alice.orgId, policy, now, `broken/${id}`],
      );
    await insert('broken-no-actions', '{"visibility":"public"}');
    await insert('broken-string', '"junk"');
    await insert('broken-shape', '{"visibility":"org","actions":{"read":"public","write":{"anyOf":7}}}');
    for (const who of [undefined, alice, bob, h.admin]) {
      const res = await req('GET', '/api/resources?limit=200', who);
      expect(res.statusCode, res.body).toBe(200);
      const ids = (res.json().items as { id: string }[]).map((r) => r.id);
      expect(ids.includes('broken-string')).toBe(who === h.admin);
    }
    expect(refusalOf(await req('PATCH', '/api/resources/broken-shape', alice, { name: 'x' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await req('GET', '/api/resources/broken-string', h.admin)).statusCode).toBe(200);
  });
});

describe('POST /api/resources/bulk', () => {
  let a: string;
  let b: string;
  const bulk = (who: Session | undefined, payload: Record<string, unknown>) =>
    h.app.inject({ method: 'POST', url: '/api/resources/bulk', ...(who && { headers: who.headers }), payload });
  const get = (id: string) => h.app.inject({ method: 'GET', url: `/api/resources/${id}`, headers: alice.headers });
  beforeAll(async () => {
    const make = async (key: string) =>
      (
        await h.app.inject({
          method: 'POST',
          url: '/api/resources',
          headers: alice.headers,
          payload: { key, name: key, type: 'graph', orgId: alice.orgId, tags: ['keep'] },
        })
      ).json().id as string;
    [a, b] = [await make('bulk/a'), await make('bulk/b')];
  });
  it('adds and removes tags per item, reporting missing ids without stopping', async () => {
    const res = await bulk(alice, { ids: [a, 'missing'], action: 'addTags', payload: { tags: ['x', 'y', 'x'] } });
    expect(res.json()).toEqual({
      summary: { total: 2, succeeded: 1, failed: 1 },
      results: [
        { id: a, status: 'success' },
        { id: 'missing', status: 'failed', error: 'Resource not found' },
      ],
    });
    expect((await get(a)).json().tags).toEqual(['keep', 'x', 'y']);
    await bulk(alice, { ids: [a], action: 'removeTags', payload: { tags: ['x'] } });
    expect((await get(a)).json().tags).toEqual(['keep', 'y']);
  });

  it('publishes and changes status with the same checks as the single routes', async () => {
    expect((await bulk(alice, { ids: [a, b], action: 'publish' })).json().summary).toEqual({
      total: 2,
      succeeded: 2,
      failed: 0,
    });
    expect((await get(b)).json()).toMatchObject({ status: 'published', currentVersion: 1 });
    await bulk(alice, { ids: [b], action: 'updateStatus', payload: { status: 'deprecated' } });
    expect((await get(b)).json().status).toBe('deprecated');
  });

  it('answers 401 anonymously; another org sees every item as not found and nothing changes', async () => {
    expect(refusalOf(await bulk(undefined, { ids: [a], action: 'delete' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    const res = await bulk(bob, { ids: [a, b], action: 'delete' });
    expect(res.json().summary).toEqual({ total: 2, succeeded: 0, failed: 2 });
    expect((await get(a)).statusCode).toBe(200);
  });

  it('rejects malformed input with 400 naming the field', async () => {
    expect(fieldsOf(await bulk(alice, { ids: [], action: 'explode' }))).toEqual(
      expect.arrayContaining(['body.ids', 'body.action']),
    );
    expect(
      fieldsOf(await bulk(alice, { ids: Array.from({ length: 101 }, (_, i) => `id-${i}`), action: 'delete' })),
    ).toContain('body.ids');
    expect(fieldsOf(await bulk(alice, { ids: [a], action: 'updateStatus' }))).toContain('body.payload.status');
    expect(fieldsOf(await bulk(alice, { ids: [a], action: 'addTags', payload: {} }))).toContain('body.payload.tags');
  });
});
