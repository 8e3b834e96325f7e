import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string };
let bob: Session & { orgId: string };

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who?: Session,
  payload?: Record<string, unknown>,
) => h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
});
afterAll(() => h?.close());

describe('/api/graphs', () => {
  it('creates, lists, reads, patches and deletes org graphs with the org policy', async () => {
    const created = await req('POST', '/api/graphs', alice, {
      key: 'g/1',
      name: 'G',
      orgId: alice.orgId,
      metadata: { components: [] },
    });
    expect(created.statusCode, created.body).toBe(201);
    const graph = created.json();
    expect(graph).toMatchObject({
      type: 'graph',
      status: 'draft',
      accessPolicy: { visibility: 'org', actions: { read: { anyOf: [`org:${alice.orgId}`] } } },
    });
    expect((await req('GET', '/api/graphs', alice)).json().items.map((r: { id: string }) => r.id)).toEqual([graph.id]);
    expect((await req('GET', `/api/graphs/${graph.id}`, alice)).statusCode).toBe(200);
    expect((await req('PATCH', `/api/graphs/${graph.id}`, alice, { name: 'G2' })).json().name).toBe('G2');
    expect((await req('DELETE', `/api/graphs/${graph.id}`, alice)).json()).toEqual({ success: true });
  });

  it('answers 401 anonymously, 404 to another org and for non-graphs, 400 without orgId', async () => {
    const graph = (await req('POST', '/api/graphs', alice, { key: 'g/2', name: 'G', orgId: alice.orgId })).json();
    expect(
      refusalOf(await req('POST', '/api/graphs', undefined, { key: 'g/x', name: 'X', orgId: alice.orgId })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await req('POST', '/api/graphs', bob, { key: 'g/x', name: 'X', orgId: alice.orgId }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    const bobGet = await req('GET', `/api/graphs/${graph.id}`, bob);
    expect(refusalOf(bobGet)).toEqual({ status: 404, code: 'not_found' });
    expect(bobGet.json().error).toBe('Graph not found');
    expect(refusalOf(await req('DELETE', `/api/graphs/${graph.id}`, bob))).toEqual({ status: 404, code: 'not_found' });
    expect((await req('GET', '/api/graphs', bob)).json().items).toEqual([]);
    expect(fieldsOf(await req('POST', '/api/graphs', alice, { key: 'g/x', name: 'X' }))).toContain('body.orgId');
    const ctx = (await req('POST', '/api/contexts', alice, { key: 'c/1', name: 'C', orgId: alice.orgId })).json();
    expect((await req('GET', `/api/graphs/${ctx.id}`, alice)).json().error).toBe('Graph not found');
  });
});

describe('/api/contexts', () => {
  it('creates org contexts; platform contexts need registry rights; anonymous writes are refused (W5)', async () => {
    const created = await req('POST', '/api/contexts', alice, { key: 'c/2', name: 'C', orgId: alice.orgId });
    expect(created.statusCode).toBe(201);
    expect((await req('GET', `/api/contexts/${created.json().id}`, bob)).json().error).toBe('Context not found');
    expect(refusalOf(await req('POST', '/api/contexts', undefined, { key: 'c/3', name: 'C' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', '/api/contexts', alice, { key: 'c/3', name: 'C' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(
      (await req('POST', '/api/contexts', h.admin, { key: 'c/3', name: 'C' })).json().accessPolicy.visibility,
    ).toBe('private');
    expect(fieldsOf(await req('POST', '/api/contexts', alice, { key: 'c/4', name: 'C', type: 'graph' }))).toContain(
      'body',
    );
  });
});
