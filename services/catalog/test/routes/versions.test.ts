import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string; email: string };
let bob: Session & { orgId: string; email: string };
let viewer: Session;
let id: string;

const req = (method: 'GET' | 'POST' | 'PATCH', url: string, who?: Session, payload?: Record<string, unknown>) =>
  h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  viewer = await h.addMember(alice, alice.orgId, (await h.registerOrgAdmin('V')).email, 'viewer');
  const res = await req('POST', '/api/resources', alice, {
    key: 'graphs/v',
    name: 'V',
    type: 'graph',
    orgId: alice.orgId,
    metadata: { step: 1 },
  });
  id = res.json().id;
});
afterAll(() => h?.close());

describe('POST /api/resources/:id/publish', () => {
  it('creates version 1 with a content snapshot, the changelog and the publisher, and marks the resource published', async () => {
    const res = await req('POST', `/api/resources/${id}/publish`, alice, { changelog: 'first' });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      resourceId: id,
      version: 1,
      changelog: 'first',
      createdBy: alice.id,
      content: { key: 'graphs/v', metadata: { step: 1 } },
    });
    expect((await req('GET', `/api/resources/${id}`, alice)).json()).toMatchObject({
      status: 'published',
      currentVersion: 1,
    });
  });

  it('is idempotent for unchanged content (200 with the existing version), and numbers the next change 2', async () => {
    const again = await req('POST', `/api/resources/${id}/publish`, alice, { changelog: 'same again' });
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ version: 1, changelog: 'first' });
    await req('PATCH', `/api/resources/${id}`, alice, { metadata: { step: 2 } });
    const second = await req('POST', `/api/resources/${id}/publish`, alice);
    expect(second.json()).toMatchObject({
      version: 2,
      changelog: 'Published version 2',
      content: { metadata: { step: 2 } },
    });
  });

  it('answers concurrent publishes of the same content with one version, never a duplicate or a 500', async () => {
    await req('PATCH', `/api/resources/${id}`, alice, { metadata: { step: 3 } });
    const results = await Promise.all(
      Array.from({ length: 8 }, () => req('POST', `/api/resources/${id}/publish`, alice)),
    );
    expect(results.every((r) => r.statusCode === 200 || r.statusCode === 201)).toBe(true);
    expect(new Set(results.map((r) => r.json().version))).toEqual(new Set([3]));
    expect(results.filter((r) => r.statusCode === 201)).toHaveLength(1);
  });

  it('answers 401 anonymously, 404 to another org, 403 to a viewer, 400 for a malformed body', async () => {
    expect(refusalOf(await req('POST', `/api/resources/${id}/publish`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', `/api/resources/${id}/publish`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('POST', `/api/resources/${id}/publish`, viewer))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(fieldsOf(await req('POST', `/api/resources/${id}/publish`, alice, { changelog: 42 }))).toContain(
      'body.changelog',
    );
  });
});

describe('GET /api/resources/:id/versions', () => {
  it('lists versions newest first to readers; another org and anonymous callers get 404 (W2)', async () => {
    const res = await req('GET', `/api/resources/${id}/versions`, viewer);
    expect(res.json().map((v: { version: number }) => v.version)).toEqual([3, 2, 1]);
    expect(refusalOf(await req('GET', `/api/resources/${id}/versions`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${id}/versions`))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', '/api/resources/bad%20id/versions', alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('GET /api/versions lists versions of readable resources only, paginated (W2)', async () => {
    const mine = (await req('GET', '/api/versions?limit=2', alice)).json();
    expect(mine.items.map((v: { version: number }) => v.version)).toEqual([3, 2]);
    const rest = (await req('GET', `/api/versions?limit=2&cursor=${mine.nextCursor}`, alice)).json();
    expect(rest).toMatchObject({ items: [{ version: 1 }], nextCursor: null });
    expect((await req('GET', '/api/versions', bob)).json().items).toEqual([]);
    expect((await req('GET', '/api/versions')).json().items).toEqual([]);
    expect(fieldsOf(await req('GET', '/api/versions?limit=0', alice))).toContain('querystring.limit');
  });

  it('serves one version by number with the same read check', async () => {
    expect((await req('GET', `/api/resources/${id}/versions/2`, viewer)).json()).toMatchObject({
      version: 2,
      content: { metadata: { step: 2 } },
    });
    expect(refusalOf(await req('GET', `/api/resources/${id}/versions/9`, alice))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${id}/versions/2`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${id}/versions/2`))).toEqual({ status: 404, code: 'not_found' });
    expect(fieldsOf(await req('GET', `/api/resources/${id}/versions/zero`, alice))).toContain('params.version');
  });
});
