import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

/**
 * DESIGN §6: policy tokens that name a capability (`role:admin`, `cap:registry.*`) act only where the capability
 * registry lets them. An org admin holding them (a super admin granted them before the registry refused such
 * grants, or a token minted with them) acts in its own org only; platform rows (no org) belong to super admins and
 * services holding the capability.
 */
let h: Harness;
let tenant: Session & { orgId: string; email: string }; // admin of Tenant Co holding role:admin, cap:registry.write and cap:registry.publish
let other: Session & { orgId: string; email: string }; // admin of Other Co

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE' | 'PUT';
const req = (
  method: Method,
  url: string,
  who?: { headers: Record<string, string> },
  payload?: Record<string, unknown>,
) => h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });
const refused = (res: { statusCode: number; json(): unknown }, status: number, code: string) => {
  expect(res.statusCode, JSON.stringify(res.json())).toBe(status);
  expect((res.json() as { code: string }).code).toBe(code);
};

/** What a takeover would publish: a public bootstrap assistant that every tenant and the website chat serve. */
const bootstrapAssistant = (key: string) => ({
  key,
  name: 'Hijacked',
  type: 'assistant',
  status: 'published',
  isBootstrap: true,
  accessPolicy: { visibility: 'public', actions: { read: { anyOf: ['public'] } } },
});

beforeAll(async () => {
  h = await startCatalog();
  const registered = await h.registerOrgAdmin('Tenant Co');
  // Identity's super admin grants the role (identity.md §7.8); the entitlements follow, then a fresh login.
  const granted = await fetch(`${h.identityUrl}/api/admin/users/${registered.id}/roles`, {
    method: 'POST',
    headers: { ...h.admin.headers, 'content-type': 'application/json' },
    body: JSON.stringify({ roleKey: 'role:admin' }),
  });
  expect(granted.status).toBe(200);
  await h.grantEntitlement(registered, 'cap:registry.write');
  tenant = { ...registered, ...(await h.grantEntitlement(registered, 'cap:registry.publish')) };
  other = await h.registerOrgAdmin('Other Co');
});
afterAll(() => h?.close());

describe('platform rows and an org admin holding role:admin, cap:registry.write and cap:registry.publish', () => {
  it('cannot edit, publish or delete bootstrap rows (ast-echo, int-openai-config)', async () => {
    const { principal } = (await req('GET', '/api/auth/me', tenant)).json() as {
      principal: { entitlements: string[]; roles: string[] };
    };
    expect(principal.roles).toContain('role:admin');
    expect(principal.entitlements).toEqual(expect.arrayContaining(['cap:registry.write', 'cap:registry.publish']));
    for (const id of ['ast-echo', 'int-openai-config']) {
      refused(await req('PATCH', `/api/resources/${id}`, tenant, { name: 'Mine' }), 403, 'insufficient_permissions');
      refused(await req('POST', `/api/resources/${id}/publish`, tenant, {}), 403, 'insufficient_permissions');
      refused(await req('DELETE', `/api/resources/${id}`, tenant), 403, 'insufficient_permissions');
      expect((await req('GET', `/api/resources/${id}`)).json().name).not.toBe('Mine');
    }
    const bulk = await req('POST', '/api/resources/bulk', tenant, { ids: ['ast-echo'], action: 'delete' });
    expect(bulk.json()).toMatchObject({ summary: { succeeded: 0, failed: 1 } });
    expect((await req('GET', '/api/resources/ast-echo')).statusCode).toBe(200);
  });

  it('cannot create a platform row or publish a public bootstrap assistant, by POST or by PUT', async () => {
    refused(
      await req('POST', '/api/resources', tenant, { key: 'takeover/plain', name: 'Plain', type: 'context' }),
      403,
      'insufficient_permissions',
    );
    refused(
      await req('POST', '/api/resources', tenant, bootstrapAssistant('takeover/assistant')),
      403,
      'insufficient_permissions',
    );
    refused(
      await req(
        'PUT',
        `/api/resources/${encodeURIComponent('takeover/put')}`,
        tenant,
        bootstrapAssistant('takeover/put'),
      ),
      403,
      'insufficient_permissions',
    );
    const keys = ((await req('GET', '/api/bootstrap')).json() as { key: string }[]).map((r) => r.key);
    expect(keys).not.toContain('takeover/assistant');
    expect(keys).not.toContain('takeover/put');
  });

  it('keeps its rights in its own org: it creates, publishes and administers rows there', async () => {
    const created = await req('POST', '/api/resources', tenant, {
      key: 'own/row',
      name: 'Own',
      type: 'context',
      orgId: tenant.orgId,
      status: 'published',
    });
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ orgId: tenant.orgId, currentVersion: 1 });
    expect((await req('DELETE', `/api/resources/${created.json().id}`, tenant)).json()).toEqual({ success: true });
  });

  it('the super admin still edits, creates and publishes platform rows', async () => {
    expect(
      (await req('PATCH', '/api/resources/int-openai-config', h.admin, { description: 'Edited by the operator' }))
        .statusCode,
    ).toBe(200);
    const created = await req('POST', '/api/resources', h.admin, bootstrapAssistant('operator/assistant'));
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ orgId: null, isBootstrap: true, currentVersion: 1 });
    expect((await req('DELETE', `/api/resources/${created.json().id}`, h.admin)).json()).toEqual({ success: true });
  });

  it('a private platform row naming cap:registry.write stays hidden from it (404), in lists too', async () => {
    const row = (
      await req('POST', '/api/resources', h.admin, { key: 'private/platform', name: 'Private', type: 'context' })
    ).json() as { id: string };
    refused(await req('GET', `/api/resources/${row.id}`, tenant), 404, 'not_found');
    refused(await req('PATCH', `/api/resources/${row.id}`, tenant, { name: 'Mine' }), 404, 'not_found');
    const listed = (await req('GET', '/api/resources?limit=200', tenant)).json() as { items: { id: string }[] };
    expect(listed.items.map((r) => r.id)).not.toContain(row.id);
  });
});

describe("another org's rows", () => {
  it('are unreadable to an org admin holding role:admin, even when their policy is public', async () => {
    const publicPolicy = {
      visibility: 'public',
      actions: { read: { anyOf: ['public'] }, write: { anyOf: ['role:admin'] }, delete: { anyOf: ['role:admin'] } },
    };
    const row = (
      await req('POST', '/api/resources', other, {
        key: 'other/row',
        name: 'Other',
        type: 'graph',
        orgId: other.orgId,
        accessPolicy: publicPolicy,
      })
    ).json() as { id: string };
    refused(await req('GET', `/api/resources/${row.id}`, tenant), 404, 'not_found');
    refused(await req('GET', `/api/resources/by-key?key=other%2Frow&orgId=${other.orgId}`, tenant), 404, 'not_found');
    refused(await req('PATCH', `/api/resources/${row.id}`, tenant, { name: 'Mine' }), 404, 'not_found');
    refused(await req('DELETE', `/api/resources/${row.id}`, tenant), 404, 'not_found');
    const listed = (await req('GET', '/api/resources?limit=200', tenant)).json() as { items: { id: string }[] };
    expect(listed.items.map((r) => r.id)).not.toContain(row.id);
    expect((await req('GET', `/api/resources/${row.id}`, other)).statusCode).toBe(200);
  });
});
