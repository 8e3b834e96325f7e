import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { componentDefinitions } from '../../src/bootstrap/components.js';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string };
let bob: Session & { orgId: string };
let secret: string;

const req = (method: 'GET' | 'POST', url: string, who?: Session, payload?: Record<string, unknown>) =>
  h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });
const keys = (res: { json(): unknown }) => (res.json() as { items: { key: string }[] }).items.map((r) => r.key);

beforeAll(async () => {
  // Two public bootstrap rows plus one private org row.
  h = await startCatalog({
    definitions: componentDefinitions.filter((d) => d.id === 'cmp-filter' || d.id === 'cmp-map'),
  });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  const res = await req('POST', '/api/resources', alice, {
    key: 'acme/filter-secret',
    name: 'Secret filter',
    type: 'graph',
    orgId: alice.orgId,
    tags: ['acme-only', 'builtin'],
  });
  secret = res.json().id;
});
afterAll(() => h?.close());

describe('POST /api/search', () => {
  it('matches name, key or description case-insensitively within what the caller may read', async () => {
    expect(keys(await req('POST', '/api/search', alice, { query: 'FILTER' })).sort()).toEqual([
      'acme/filter-secret',
      'components/core/filter',
    ]);
    expect(keys(await req('POST', '/api/search', bob, { query: 'filter' }))).toEqual(['components/core/filter']);
    expect(keys(await req('POST', '/api/search', undefined, { query: 'filter', type: 'component' }))).toEqual([
      'components/core/filter',
    ]);
    expect(keys(await req('POST', '/api/search', alice, { query: '%' }))).toEqual([]);
  });

  it('answers /api/nl/search exactly like /api/search (catalog.md §8.4), tenant filter included', async () => {
    for (const who of [alice, bob, undefined]) {
      expect(keys(await req('POST', '/api/nl/search', who, { query: 'filter' })).sort()).toEqual(
        keys(await req('POST', '/api/search', who, { query: 'filter' })).sort(),
      );
    }
    expect(keys(await req('POST', '/api/nl/search', bob, { query: 'secret' }))).toEqual([]);
    expect(fieldsOf(await req('POST', '/api/nl/search', alice, { query: '' }))).toContain('body.query');
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/nl/search',
          headers: { authorization: 'Bearer junk' },
          payload: { query: 'x' },
        }),
      ),
    ).toEqual({ status: 401, code: 'invalid_token' });
  });

  it('answers 400 naming the field when the query is missing or malformed', async () => {
    expect(fieldsOf(await req('POST', '/api/search', alice, {}))).toContain('body.query');
    expect(fieldsOf(await req('POST', '/api/search', alice, { query: 'x', type: 'executor', limit: 999 }))).toEqual(
      expect.arrayContaining(['body.type', 'body.limit']),
    );
  });
});

describe('GET /api/tags and /api/stats', () => {
  it('count only readable rows: another org never sees the tags or totals of Acme', async () => {
    const acmeTags = (await req('GET', '/api/tags', alice)).json().tags as { tag: string; count: number }[];
    expect(acmeTags).toContainEqual({ tag: 'builtin', count: 3 });
    expect(acmeTags.map((t) => t.tag)).toContain('acme-only');
    const bobTags = (await req('GET', '/api/tags', bob)).json().tags as { tag: string }[];
    expect(bobTags.map((t) => t.tag)).not.toContain('acme-only');
    expect((await req('GET', '/api/stats', alice)).json()).toEqual({
      totalResources: 3,
      publishedResources: 2,
      bootstrapResources: 2,
      byType: { component: 2, graph: 1 },
    });
    expect((await req('GET', '/api/stats')).json()).toMatchObject({ totalResources: 2, byType: { component: 2 } });
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/stats', headers: { authorization: 'Bearer junk' } })),
    ).toEqual({ status: 401, code: 'invalid_token' });
  });
});

describe('GET /symbia-namespace', () => {
  it('lists readable resources only (W2); anonymous callers never see org rows', async () => {
    const anon = (await req('GET', '/symbia-namespace')).json();
    expect(anon.namespace).toBe('catalog');
    expect(anon.resources.map((r: { id: string }) => r.id)).not.toContain(secret);
    expect((await req('GET', '/symbia-namespace', alice)).json().resources.map((r: { id: string }) => r.id)).toContain(
      secret,
    );
    expect(fieldsOf(await req('GET', '/symbia-namespace?limit=0'))).toContain('querystring.limit');
  });
});
