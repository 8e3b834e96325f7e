import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, registerUser, startIdentity, type Harness, type Session } from '../helpers/identity-harness.js';

let h: Harness;
let b: Session; // admin of Beta
let c: Session; // member of Beta
let v: Session; // viewer of Beta
let d: Session; // admin of Gamma, never in Beta
let beta: string;
let gamma: string;

const req = (
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  who?: Session,
  payload?: Record<string, unknown>,
) => h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });
const emailOf = async (s: Session) => (await req('GET', '/api/users/me', s)).json().email as string;

beforeAll(async () => {
  h = await startIdentity();
  [b, c, v, d] = [
    await registerUser(h.app),
    await registerUser(h.app),
    await registerUser(h.app),
    await registerUser(h.app),
  ];
  beta = (await req('POST', '/api/orgs', b, { name: 'Beta', slug: 'beta' })).json().id;
  gamma = (await req('POST', '/api/orgs', d, { name: 'Gamma', slug: 'gamma' })).json().id;
  await req('POST', `/api/orgs/${beta}/members/invite`, b, { email: await emailOf(c), role: 'member' });
  await req('POST', `/api/orgs/${beta}/members/invite`, b, { email: await emailOf(v), role: 'viewer' });
});
afterAll(() => h.close());

describe('projects', () => {
  it('lets members create and list projects; viewers read only; a taken slug is 409; other orgs 404', async () => {
    const created = await req('POST', `/api/orgs/${beta}/projects`, c, { name: 'P', slug: 'p', description: 'first' });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ orgId: beta, slug: 'p', status: 'active' });
    const taken = await req('POST', `/api/orgs/${beta}/projects`, b, { name: 'P2', slug: 'p' });
    expect(refusalOf(taken)).toEqual({ status: 409, code: 'slug_in_use' });
    expect(fieldsOf(taken)).toEqual(['body.slug']);
    // Unique per org only: another org takes the same slug.
    const elsewhere = await req('POST', `/api/orgs/${gamma}/projects`, d, { name: 'P', slug: 'p' });
    expect(elsewhere.statusCode, elsewhere.body).toBe(200);
    expect(refusalOf(await req('POST', `/api/orgs/${beta}/projects`, v, { name: 'V', slug: 'v' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect((await req('GET', `/api/orgs/${beta}/projects`, v)).json().projects).toHaveLength(1);
    expect(refusalOf(await req('GET', `/api/orgs/${beta}/projects`, d))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('POST', `/api/orgs/${beta}/projects`, d, { name: 'X', slug: 'x' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/orgs/${beta}/projects`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('POST', `/api/orgs/${beta}/projects`, b, { name: '', slug: 'Bad Slug' }))).toEqual(
      expect.arrayContaining(['body.name', 'body.slug']),
    );
  });

  it('reads, patches (keeping omitted fields) and deletes (admins only) a project; other orgs get 404', async () => {
    const p = (
      await req('POST', `/api/orgs/${beta}/projects`, b, { name: 'Q', slug: 'q', description: 'keep me' })
    ).json();
    expect((await req('GET', `/api/projects/${p.id}`, v)).json()).toMatchObject({
      project: { id: p.id },
      applications: [],
      services: [],
      entitlements: [],
    });
    expect(refusalOf(await req('GET', `/api/projects/${p.id}`, d))).toEqual({ status: 404, code: 'not_found' });
    const patched = await req('PATCH', `/api/projects/${p.id}`, c, { status: 'archived' });
    expect(patched.json()).toMatchObject({ status: 'archived', description: 'keep me', name: 'Q' });
    expect(fieldsOf(await req('PATCH', `/api/projects/${p.id}`, c, { status: 'gone' }))).toContain('body.status');
    expect(refusalOf(await req('PATCH', `/api/projects/${p.id}`, d, { name: 'stolen' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await req('DELETE', `/api/projects/${p.id}`, c)).json().error).toBe('Only admins can delete projects');
    expect(refusalOf(await req('DELETE', `/api/projects/${p.id}`, d))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('DELETE', `/api/projects/${p.id}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect((await req('DELETE', `/api/projects/${p.id}`, b)).json()).toEqual({ message: 'Project deleted' });
    expect(refusalOf(await req('GET', `/api/projects/${p.id}`, b))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('applications, services and links', () => {
  let project: string;
  beforeAll(async () => {
    project = (await req('POST', `/api/orgs/${beta}/projects`, b, { name: 'H', slug: 'h' })).json().id;
  });

  it('creates applications with defaults, validating URLs and enums', async () => {
    const bad = await req('POST', `/api/projects/${project}/applications`, c, {
      name: 'Web',
      slug: 'web',
      repoUrl: 'not a url',
      environment: 'moon',
    });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.repoUrl', 'body.environment']));
    const app = await req('POST', `/api/projects/${project}/applications`, c, {
      name: 'Web',
      slug: 'web',
      repoUrl: 'https://git.example/web',
    });
    expect(app.json()).toMatchObject({
      orgId: beta,
      projectId: project,
      environment: 'development',
      appType: 'web',
      repoUrl: 'https://git.example/web',
    });
    expect((await req('POST', `/api/projects/${project}/applications`, d, { name: 'X', slug: 'x' })).statusCode).toBe(
      404,
    );
    expect((await req('POST', `/api/projects/${project}/applications`, v, { name: 'X', slug: 'x' })).statusCode).toBe(
      403,
    );
    expect((await req('GET', `/api/projects/${project}/applications`, v)).json().applications).toHaveLength(1);
    const cleared = await req('PATCH', `/api/applications/${app.json().id}`, c, { repoUrl: '' });
    expect(cleared.json()).toMatchObject({ repoUrl: null, name: 'Web' });
  });

  it('creates services, links them to applications idempotently, and refuses cross-org links', async () => {
    const bad = await req('POST', `/api/projects/${project}/services`, c, { name: 'DB', serviceType: 'blockchain' });
    expect(fieldsOf(bad)).toContain('body.serviceType');
    const svc = (
      await req('POST', `/api/projects/${project}/services`, c, {
        name: 'DB',
        serviceType: 'database',
        endpointUrl: '',
      })
    ).json();
    expect(svc).toMatchObject({ status: 'active', endpointUrl: null });
    const app = (await req('GET', `/api/projects/${project}/applications`, c)).json().applications[0];
    const link = await req('POST', `/api/applications/${app.id}/services/${svc.id}`, c);
    expect(link.statusCode, link.body).toBe(200);
    expect((await req('POST', `/api/applications/${app.id}/services/${svc.id}`, c)).json().id).toBe(link.json().id);
    expect(
      (await req('GET', `/api/applications/${app.id}`, v)).json().services.map((s: { id: string }) => s.id),
    ).toEqual([svc.id]);

    // d administers Gamma and joins Beta as a member: a link across the two orgs is refused.
    await req('POST', `/api/orgs/${beta}/members/invite`, b, { email: await emailOf(d), role: 'member' });
    const gp = (await req('POST', `/api/orgs/${gamma}/projects`, d, { name: 'G', slug: 'g' })).json().id;
    const gs = (await req('POST', `/api/projects/${gp}/services`, d, { name: 'GS', serviceType: 'api' })).json().id;
    const cross = await req('POST', `/api/applications/${app.id}/services/${gs}`, d);
    expect(cross.json().error).toBe('Application and service must belong to the same organization');
    // c is not in Gamma: Gamma's service does not exist for c.
    expect(refusalOf(await req('POST', `/api/applications/${app.id}/services/${gs}`, c))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/services/${gs}`, c))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', `/api/services/${svc.id}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });

    expect((await req('DELETE', `/api/applications/${app.id}/services/${svc.id}`, c)).json()).toEqual({
      message: 'Service unlinked',
    });
    expect(refusalOf(await req('DELETE', `/api/applications/${app.id}/services/${svc.id}`, c))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await req('PATCH', `/api/services/${svc.id}`, c, { status: 'error' })).json()).toMatchObject({
      status: 'error',
      serviceType: 'database',
    });
    expect(refusalOf(await req('DELETE', `/api/services/${svc.id}`, c))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect((await req('DELETE', `/api/services/${svc.id}`, b)).json()).toEqual({ message: 'Service deleted' });
  });

  it('deleting a project removes its applications and services', async () => {
    const p = (await req('POST', `/api/orgs/${beta}/projects`, b, { name: 'Tmp', slug: 'tmp' })).json().id;
    const app = (await req('POST', `/api/projects/${p}/applications`, b, { name: 'A', slug: 'a' })).json().id;
    const svc = (await req('POST', `/api/projects/${p}/services`, b, { name: 'S', serviceType: 'storage' })).json().id;
    expect((await req('DELETE', `/api/applications/${app}`, c)).json().error).toBe(
      'Only admins can delete applications',
    );
    await req('DELETE', `/api/projects/${p}`, b);
    expect(refusalOf(await req('GET', `/api/applications/${app}`, b))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', `/api/services/${svc}`, b))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('scoped entitlements', () => {
  let project: string;
  beforeAll(async () => {
    project = (await req('POST', `/api/orgs/${beta}/projects`, b, { name: 'E', slug: 'e' })).json().id;
  });

  it('lets org admins manage entitlements of a scope; PATCH keeps omitted fields (W15)', async () => {
    const created = await req('POST', '/api/scoped-entitlements', b, {
      scopeType: 'project',
      scopeId: project,
      featureKey: 'api_calls',
      quota: 100,
      expiresAt: '2030-01-01T00:00:00Z',
    });
    expect(created.statusCode, created.body).toBe(200);
    expect(created.json()).toMatchObject({ orgId: beta, quota: 100, consumed: 0, enabled: true });
    const id = created.json().id;
    const patched = await req('PATCH', `/api/scoped-entitlements/${id}`, b, { consumed: 5 });
    expect(patched.json()).toMatchObject({ consumed: 5, quota: 100, expiresAt: '2030-01-01T00:00:00.000Z' });
    expect((await req('GET', `/api/scoped-entitlements/project/${project}`, v)).json().entitlements).toHaveLength(1);
    expect((await req('GET', `/api/projects/${project}`, v)).json().entitlements).toHaveLength(1);
    expect((await req('DELETE', `/api/scoped-entitlements/${id}`, b)).json()).toEqual({
      message: 'Entitlement deleted',
    });
    expect(refusalOf(await req('DELETE', `/api/scoped-entitlements/${id}`, b))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('refuses non-admins (403), other orgs (404), anonymous (401) and malformed input (400)', async () => {
    expect(
      (
        await req('POST', '/api/scoped-entitlements', c, { scopeType: 'project', scopeId: project, featureKey: 'x' })
      ).json().error,
    ).toBe('Only admins can manage entitlements');
    const id = (
      await req('POST', '/api/scoped-entitlements', b, {
        scopeType: 'org',
        scopeId: beta,
        featureKey: 'seats',
        quota: 3,
      })
    ).json().id;
    expect(refusalOf(await req('PATCH', `/api/scoped-entitlements/${id}`, c, { quota: 9 }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    // d became a member (not admin) of Beta above; a fresh outsider sees nothing.
    const outsider = await registerUser(h.app);
    expect(refusalOf(await req('GET', `/api/scoped-entitlements/org/${beta}`, outsider))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('PATCH', `/api/scoped-entitlements/${id}`, outsider, { quota: 9 }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(
      (
        await req('POST', '/api/scoped-entitlements', outsider, {
          scopeType: 'project',
          scopeId: project,
          featureKey: 'x',
        })
      ).json().error,
    ).toBe('Project not found');
    expect(refusalOf(await req('GET', `/api/scoped-entitlements/org/${beta}`))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await req('GET', `/api/scoped-entitlements/galaxy/${beta}`, b))).toContain('params.scopeType');
    const bad = await req('POST', '/api/scoped-entitlements', b, {
      scopeType: 'galaxy',
      scopeId: 'x',
      featureKey: '',
      quota: -1,
    });
    expect(fieldsOf(bad)).toEqual(
      expect.arrayContaining(['body.scopeType', 'body.scopeId', 'body.featureKey', 'body.quota']),
    );
  });
});
