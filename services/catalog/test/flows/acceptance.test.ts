import { refusalOf } from '@symbia/testing';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrapDefinitions } from '../../src/bootstrap/bootstrap-data.js';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

/**
 * catalog.md §14, scenario by scenario, against our bootstrap set and the decisions in the README where
 * DESIGN.md overrides the spec (404 for unreadable rows, 409 for taken keys, `{ items, nextCursor }` lists,
 * identity API keys instead of catalog-local ones). Scenario 14 (rate limit) is in test/routes/rate-limits.test.ts.
 */
let h: Harness;
// The models service: holds cap:registry.write (and publish) as a service, the only kind of principal besides super
// admins that the registry lets write platform rows (DESIGN §6).
let writer: Session;
let u: Session & { orgId: string; email: string };
let v: Session & { orgId: string; email: string };
let resourceA: string; // t/a

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (
  method: Method,
  url: string,
  who?: { headers: Record<string, string> },
  payload?: Record<string, unknown>,
) => h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });
const items = (res: { json(): unknown }) => (res.json() as { items: { id: string; key: string }[] }).items;
const ofType = (type: string) => bootstrapDefinitions.filter((d) => d.type === type);

beforeAll(async () => {
  h = await startCatalog();
  writer = await h.serviceSession('models');
  u = await h.registerOrgAdmin('O1');
  v = await h.registerOrgAdmin('O2');
});
afterAll(() => h?.close());

describe('catalog.md §14 acceptance scenarios', () => {
  it('1. fresh bootstrap: the public set, every row bootstrap and published; ast-echo is assistants/echo', async () => {
    const res = await req('GET', '/api/bootstrap');
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { id: string; key: string; isBootstrap: boolean; status: string }[];
    expect(rows).toHaveLength(bootstrapDefinitions.length);
    expect(rows.every((r) => r.isBootstrap && r.status === 'published')).toBe(true);
    expect(rows.find((r) => r.id === 'ast-echo')?.key).toBe('assistants/echo');
  });

  it('2. bootstrap summary counts each kind and dates itself', async () => {
    const summary = (await req('GET', '/api/bootstrap/summary')).json();
    expect(summary).toMatchObject({
      contexts: { total: ofType('context').length, categories: [] },
      graphs: { total: 0 },
      integrations: { total: ofType('integration').length },
      assistants: { total: ofType('assistant').length },
    });
    expect(new Date(summary.generatedAt).toISOString()).toBe(summary.generatedAt);
  });

  it('3. stats over what the caller may read (W17 names)', async () => {
    expect((await req('GET', '/api/stats')).json()).toMatchObject({
      totalResources: bootstrapDefinitions.length,
      publishedResources: bootstrapDefinitions.length,
      bootstrapResources: bootstrapDefinitions.length,
      byType: { assistant: ofType('assistant').length, integration: ofType('integration').length },
    });
  });

  it('4. anonymous filtered lists', async () => {
    expect(items(await req('GET', '/api/resources?type=assistant'))).toHaveLength(ofType('assistant').length);
    expect(items(await req('GET', '/api/resources?type=integration&status=published&limit=200'))).toHaveLength(
      ofType('integration').length,
    );
    expect(items(await req('GET', '/api/resources?status=draft'))).toEqual([]);
  });

  it('5. create and duplicate: draft, private default; a taken key is 409; an unknown type 400; anonymous 401', async () => {
    const created = await req('POST', '/api/resources', writer, { key: 't/a', name: 'A', type: 'context' });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      status: 'draft',
      currentVersion: null,
      accessPolicy: { visibility: 'private' },
    });
    resourceA = created.json().id;
    const dup = await req('POST', '/api/resources', writer, { key: 't/a', name: 'A', type: 'context' });
    expect(refusalOf(dup)).toEqual({ status: 409, code: 'key_in_use' });
    expect(dup.json().error).toBe('A resource with this key already exists');
    expect(
      fieldsOf(await req('POST', '/api/resources', writer, { key: 't/b', name: 'B', type: 'executor' })),
    ).toContain('body.type');
    expect(
      refusalOf(await req('POST', '/api/resources', undefined, { key: 't/c', name: 'C', type: 'context' })),
    ).toEqual({ status: 401, code: 'authentication_required' });
  });

  it('6. private read: anonymous callers get 404 and no list entry; the creator reads it', async () => {
    expect(refusalOf(await req('GET', `/api/resources/${resourceA}`))).toEqual({ status: 404, code: 'not_found' });
    expect(items(await req('GET', '/api/resources?limit=200')).map((r) => r.id)).not.toContain(resourceA);
    expect((await req('GET', `/api/resources/${resourceA}`, writer)).statusCode).toBe(200);
  });

  it('7. publish and versions: numbered from 1 with the changelog and a content snapshot; newest first', async () => {
    const first = await req('POST', `/api/resources/${resourceA}/publish`, h.admin, { changelog: 'first' });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      version: 1,
      changelog: 'first',
      content: { key: 't/a' },
      createdBy: h.admin.id,
    });
    expect(first.json().publishedAt).not.toBeNull();
    expect((await req('GET', `/api/resources/${resourceA}`, writer)).json()).toMatchObject({
      status: 'published',
      currentVersion: 1,
    });
    await req('PATCH', `/api/resources/${resourceA}`, writer, { description: 'second' });
    expect((await req('POST', `/api/resources/${resourceA}/publish`, h.admin)).json().version).toBe(2);
    expect(
      (await req('GET', `/api/resources/${resourceA}/versions`, writer))
        .json()
        .map((x: { version: number }) => x.version),
    ).toEqual([2, 1]);
  });

  it('8. org-scoped graph: org policy; another org gets 404 and cannot create in O1; orgId is required', async () => {
    const graph = await req('POST', '/api/graphs', u, { key: 'g/1', name: 'G', orgId: u.orgId });
    expect(graph.statusCode).toBe(201);
    expect(graph.json().accessPolicy).toMatchObject({
      visibility: 'org',
      actions: { read: { anyOf: [`org:${u.orgId}`] } },
    });
    expect(refusalOf(await req('GET', `/api/graphs/${graph.json().id}`, v))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('POST', '/api/graphs', v, { key: 'g/2', name: 'G', orgId: u.orgId }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(fieldsOf(await req('POST', '/api/graphs', u, { key: 'g/3', name: 'G' }))).toContain('body.orgId');
  });

  it('9. context default policy; a graph is not a context', async () => {
    const ctx = await req('POST', '/api/contexts', writer, { key: 'c/x', name: 'X' });
    expect(ctx.json().accessPolicy.visibility).toBe('private');
    const graph = (await req('POST', '/api/graphs', u, { key: 'g/ctx', name: 'G', orgId: u.orgId })).json();
    const res = await req('GET', `/api/contexts/${graph.id}`, u);
    expect(refusalOf(res)).toEqual({ status: 404, code: 'not_found' });
    expect(res.json().error).toBe('Context not found');
  });

  it('10. bulk: per-item results, tag union and removal; a missing payload or 101 ids is a 400', async () => {
    const res = await req('POST', '/api/resources/bulk', h.admin, {
      ids: [resourceA, 'missing'],
      action: 'addTags',
      payload: { tags: ['x', 'y'] },
    });
    expect(res.json()).toMatchObject({
      summary: { total: 2, succeeded: 1, failed: 1 },
      results: [{ status: 'success' }, { error: 'Resource not found' }],
    });
    expect((await req('GET', `/api/resources/${resourceA}`, h.admin)).json().tags).toEqual(['x', 'y']);
    await req('POST', '/api/resources/bulk', h.admin, {
      ids: [resourceA],
      action: 'removeTags',
      payload: { tags: ['x'] },
    });
    expect((await req('GET', `/api/resources/${resourceA}`, h.admin)).json().tags).toEqual(['y']);
    expect(
      fieldsOf(await req('POST', '/api/resources/bulk', h.admin, { ids: [resourceA], action: 'updateStatus' })),
    ).toContain('body.payload.status');
    expect(
      fieldsOf(
        await req('POST', '/api/resources/bulk', h.admin, {
          ids: Array.from({ length: 101 }, (_, i) => `r${i}`),
          action: 'delete',
        }),
      ),
    ).toContain('body.ids');
  });

  it('11. search: case-insensitive over name, key and description, with filters; nl/search answers the same', async () => {
    const matching = (q: string, type?: string) =>
      bootstrapDefinitions
        .filter(
          (d) => (!type || d.type === type) && [d.name, d.key, d.description].some((t) => t.toLowerCase().includes(q)),
        )
        .map((d) => d.key)
        .sort();
    const keys = async (path: string, body: Record<string, unknown>) =>
      items(await req('POST', path, undefined, body))
        .map((r) => r.key)
        .sort();
    expect(await keys('/api/search', { query: 'claude' })).toEqual(matching('claude'));
    expect(matching('claude').length).toBeGreaterThan(0);
    expect(await keys('/api/search', { query: 'LLAMA', type: 'integration' })).toEqual(
      matching('llama', 'integration'),
    );
    expect(await keys('/api/nl/search', { query: 'llama', type: 'integration' })).toEqual(
      matching('llama', 'integration'),
    );
    expect(fieldsOf(await req('POST', '/api/search', undefined, {}))).toContain('body.query');
  });

  it('12. artifact round trip: size, checksum, identical bytes, refused type, delete', async () => {
    const content = 'export default 1';
    const up = await req('POST', `/api/resources/${resourceA}/artifacts`, writer, {
      name: 'h.js',
      type: 'application/javascript',
      content: Buffer.from(content).toString('base64'),
    });
    expect(up.json()).toMatchObject({ size: 16, checksum: createHash('sha256').update(content).digest('hex') });
    const down = await req('GET', `/api/artifacts/${up.json().id}/download`, writer);
    expect(down.body).toBe(content);
    expect(down.headers['content-disposition']).toContain('filename="h.js"');
    expect(
      fieldsOf(
        await req('POST', `/api/resources/${resourceA}/artifacts`, writer, {
          name: 'x.sh',
          type: 'application/x-sh',
          content: 'AAAA',
        }),
      ),
    ).toContain('body.type');
    expect((await req('DELETE', `/api/artifacts/${up.json().id}`, h.admin)).json()).toEqual({ success: true });
    expect(refusalOf(await req('GET', `/api/artifacts/${up.json().id}/download`, writer))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('13. API keys: an identity key writes in its org, never a platform row; an unknown key is refused (no catalog-local keys)', async () => {
    const key = await h.createApiKey(u, u.orgId, ['catalog:write']);
    expect(
      (
        await req(
          'POST',
          '/api/resources',
          { headers: { 'x-api-key': key } },
          { key: 't/key', name: 'K', type: 'context', orgId: u.orgId },
        )
      ).statusCode,
    ).toBe(201);
    // A key is not its creator: even the super admin's key holds cap:registry.write as a user, which acts only in orgs.
    const platformKey = await h.createApiKey(h.admin, undefined, ['catalog:write', 'cap:registry.write']);
    const platform = await req(
      'POST',
      '/api/resources',
      { headers: { 'x-api-key': platformKey } },
      { key: 't/key', name: 'K', type: 'context' },
    );
    expect(refusalOf(platform)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(platform.json().code).toBe('insufficient_permissions');
    expect(
      refusalOf(
        await req(
          'POST',
          '/api/resources',
          { headers: { 'x-api-key': `sos_${'0'.repeat(64)}` } },
          { key: 't/key2', name: 'K', type: 'context' },
        ),
      ),
    ).toEqual({ status: 401, code: 'invalid_api_key' });
    expect(refusalOf(await req('GET', '/api/api-keys', h.admin))).toEqual({ status: 404, code: 'route_not_found' });
  });

  it('15. cascade delete: resource, versions and artifacts go together', async () => {
    const r = (await req('POST', '/api/resources', writer, { key: 't/r', name: 'R', type: 'context' })).json().id;
    await req('POST', `/api/resources/${r}/publish`, h.admin);
    const art = (
      await req('POST', `/api/resources/${r}/artifacts`, writer, {
        name: 'a.txt',
        type: 'text/plain',
        content: Buffer.from('hi').toString('base64'),
      })
    ).json().id;
    expect((await req('DELETE', `/api/resources/${r}`, h.admin)).json()).toEqual({ success: true });
    expect(refusalOf(await req('GET', `/api/resources/${r}`, h.admin))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', `/api/resources/${r}/versions`, h.admin))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/artifacts/${art}/download`, h.admin))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('16. bootstrap once: a deleted bootstrap row stays deleted after a restart', async () => {
    expect((await req('DELETE', '/api/resources/ast-echo', h.admin)).statusCode).toBe(200);
    const restarted = await h.rebuild();
    const keys = ((await restarted.inject({ method: 'GET', url: '/api/bootstrap' })).json() as { key: string }[]).map(
      (r) => r.key,
    );
    expect(keys).not.toContain('assistants/echo');
    expect(keys).toContain('assistants/coordinator');
  });

  it('17. seed policy: a registry writer cannot edit bootstrap rows (write is role:admin only)', async () => {
    expect(refusalOf(await req('PATCH', '/api/resources/ast-coordinator', writer, { name: 'Mine' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await req('PATCH', '/api/resources/int-openai-gpt-4o', writer, { name: 'Mine' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
  });

  it("18. auth config names identity's login and logout URLs", async () => {
    expect((await req('GET', '/api/auth/config')).json()).toEqual({
      identityServiceUrl: h.identityUrl,
      loginUrl: `${h.identityUrl}/login`,
      logoutUrl: `${h.identityUrl}/api/auth/logout`,
    });
  });
});
