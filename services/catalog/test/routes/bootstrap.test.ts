import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type Harness } from '../helpers/catalog-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startCatalog();
});
afterAll(() => h?.close());

type Row = {
  id: string;
  key: string;
  type: string;
  status: string;
  isBootstrap: boolean;
  orgId: string | null;
  currentVersion: number;
  metadata: Record<string, unknown>;
};

describe('GET /api/bootstrap', () => {
  it('serves the built-in components, assistants and integrations anonymously, published at version 1', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/bootstrap' });
    expect(res.statusCode).toBe(200);
    const rows = res.json() as Row[];
    const ids = rows.map((r) => r.id);
    for (const c of ['passthrough', 'filter', 'map', 'merge', 'split', 'accumulator', 'delay'])
      expect(ids).toContain(`cmp-${c}`);
    for (const a of ['coordinator', 'echo', 'log-analyst', 'catalog-search', 'onboarding'])
      expect(ids).toContain(`ast-${a}`);
    for (const p of ['huggingface', 'openai', 'anthropic', 'symbia-labs']) expect(ids).toContain(`int-${p}-config`);
    expect(
      rows.every((r) => r.isBootstrap && r.status === 'published' && r.orgId === null && r.currentVersion === 1),
    ).toBe(true);
    expect(rows.find((r) => r.id === 'int-huggingface-config')?.metadata).toMatchObject({
      defaultModel: 'meta-llama/Llama-3.2-3B-Instruct',
    });
    expect(rows.find((r) => r.id === 'cmp-filter')?.metadata).toMatchObject({
      ports: { inputs: [{ name: 'in' }] },
      configSchema: { required: ['condition'] },
    });
    expect(rows.find((r) => r.id === 'ast-echo')).toMatchObject({ key: 'assistants/echo' });
  });

  it('summarises the set by kind (GET /api/bootstrap/summary)', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/bootstrap/summary' });
    expect(res.json()).toMatchObject({
      components: { total: 7 },
      assistants: { total: 5 },
      graphs: { total: 0 },
      contexts: { total: 0, categories: [] },
    });
    expect(res.json().integrations.total).toBeGreaterThanOrEqual(4);
  });

  it('documents every route in the generated OpenAPI', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = res.json().paths as Record<string, Record<string, unknown>>;
    expect(Object.keys(paths)).toEqual(
      expect.arrayContaining([
        '/api/resources',
        '/api/resources/{id}/publish',
        '/api/resources/{id}/signatures',
        '/api/resources/{id}/certifications',
        '/api/bootstrap',
        '/api/search',
        '/api/nl/search',
        '/api/rate-limits',
        '/symbia-namespace',
      ]),
    );
    expect(Object.keys(paths['/api/resources/{id}']!)).toEqual(
      expect.arrayContaining(['get', 'put', 'patch', 'delete']),
    );
  });

  it('lets anyone list bootstrap rows, but only platform admins edit them', async () => {
    const anon = await h.app.inject({ method: 'GET', url: '/api/resources?type=assistant' });
    expect(anon.json().items.map((r: Row) => r.key)).toContain('assistants/echo');
    const user = await h.registerOrgAdmin('Acme');
    const denied = await h.app.inject({
      method: 'PATCH',
      url: '/api/resources/ast-echo',
      headers: user.headers,
      payload: { name: 'Mine' },
    });
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'insufficient_permissions' });
    const edited = await h.app.inject({
      method: 'PATCH',
      url: '/api/resources/ast-echo',
      headers: h.admin.headers,
      payload: { description: 'Edited by an operator' },
    });
    expect(edited.json()).toMatchObject({ description: 'Edited by an operator', modifiedByOperator: true });
  });
});
