import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createOrg,
  fieldsOf,
  registerUser,
  startIdentity,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let b: Session & { email: string };
let c: Session & { email: string };
let d: Session & { email: string };
let beta: string;

beforeAll(async () => {
  h = await startIdentity();
  [b, c, d] = [await registerUser(h.app), await registerUser(h.app), await registerUser(h.app)];
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/orgs',
    headers: b.headers,
    payload: { name: 'Beta', slug: 'beta' },
  });
  beta = res.json().id;
});
afterAll(() => h.close());

describe('organizations', () => {
  it('creates an org whose creator is admin, refusing a taken or malformed slug', async () => {
    expect(beta).toBeTruthy();
    const dup = await h.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: b.headers,
      payload: { name: 'Beta', slug: 'beta' },
    });
    expect(dup.json().error).toBe('Organization slug already in use');
    const bad = await h.app.inject({
      method: 'POST',
      url: '/api/orgs',
      headers: b.headers,
      payload: { name: '', slug: 'Beta!' },
    });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.name', 'body.slug']));
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: '/api/orgs', payload: { name: 'X', slug: 'x' } })),
    ).toEqual({ status: 401, code: 'authentication_required' });
  });

  it('lists the caller orgs with role, member count and plan', async () => {
    const res = await h.app.inject({ method: 'GET', url: '/api/orgs', headers: b.headers });
    expect(res.json().organizations).toEqual([
      expect.objectContaining({ id: beta, role: 'admin', memberCount: 1, planName: 'free' }),
    ]);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/orgs' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it('shows an org to members without any password hash, and answers 404 to everyone else (and for spoofed X-Org-Id)', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/orgs/${beta}`, headers: b.headers });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toMatch(/password|hash/i);
    expect(res.json()).toMatchObject({ organization: { id: beta, plan: null }, entitlements: [] });
    const other = await h.app.inject({
      method: 'GET',
      url: `/api/orgs/${beta}`,
      headers: { ...d.headers, 'x-org-id': beta },
    });
    expect(refusalOf(other)).toEqual({ status: 404, code: 'not_found' });
    expect((await h.app.inject({ method: 'GET', url: `/api/license/${beta}`, headers: d.headers })).statusCode).toBe(
      404,
    );
    expect((await h.app.inject({ method: 'GET', url: '/api/orgs/not-a-uuid', headers: b.headers })).statusCode).toBe(
      400,
    );
  });

  it('reports the free license to members', async () => {
    const res = await h.app.inject({ method: 'GET', url: `/api/license/${beta}`, headers: b.headers });
    expect(res.json()).toMatchObject({ organization: 'Beta', plan: 'free', status: 'active' });
  });
});

describe('members', () => {
  it('lets an admin invite, promote and remove members; keeps the last admin; hides other orgs', async () => {
    const ghost = await h.app.inject({
      method: 'POST',
      url: `/api/orgs/${beta}/members/invite`,
      headers: b.headers,
      payload: { email: 'ghost@x.io', role: 'viewer' },
    });
    expect(ghost.json().error).toBe('User not found. They need to register first.');
    const invited = await h.app.inject({
      method: 'POST',
      url: `/api/orgs/${beta}/members/invite`,
      headers: b.headers,
      payload: { email: c.email, role: 'viewer' },
    });
    expect(invited.statusCode).toBe(200);
    const memberId = invited.json().id;
    const again = await h.app.inject({
      method: 'POST',
      url: `/api/orgs/${beta}/members/invite`,
      headers: b.headers,
      payload: { email: c.email, role: 'viewer' },
    });
    expect(again.json().error).toBe('User is already a member');
    const badRole = await h.app.inject({
      method: 'POST',
      url: `/api/orgs/${beta}/members/invite`,
      headers: b.headers,
      payload: { email: c.email, role: 'owner' },
    });
    expect(fieldsOf(badRole)).toContain('body.role');

    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: `/api/orgs/${beta}/members/invite`,
          headers: c.headers,
          payload: { email: d.email, role: 'viewer' },
        }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(
      refusalOf(
        await h.app.inject({
          method: 'PATCH',
          url: `/api/orgs/${beta}/members/${memberId}`,
          headers: d.headers,
          payload: { role: 'admin' },
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    const promoted = await h.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${beta}/members/${memberId}`,
      headers: b.headers,
      payload: { role: 'member' },
    });
    expect(promoted.json().role).toBe('member');

    const own = (await h.app.inject({ method: 'GET', url: `/api/orgs/${beta}`, headers: b.headers }))
      .json()
      .members.find((m: { userId: string }) => m.userId === b.id);
    const demote = await h.app.inject({
      method: 'PATCH',
      url: `/api/orgs/${beta}/members/${own.id}`,
      headers: b.headers,
      payload: { role: 'member' },
    });
    expect(demote.json().code).toBe('last_admin');
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/orgs/${beta}/members/${own.id}`, headers: b.headers })).json()
        .code,
    ).toBe('last_admin');

    // A membership id of another org used under Beta's path is not found.
    const gamma = await createOrg(h.app, d, 'Gamma', 'gamma');
    const dOwn = (await h.app.inject({ method: 'GET', url: `/api/orgs/${gamma}`, headers: d.headers })).json()
      .members[0].id;
    expect(
      refusalOf(
        await h.app.inject({
          method: 'PATCH',
          url: `/api/orgs/${beta}/members/${dOwn}`,
          headers: b.headers,
          payload: { role: 'viewer' },
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });

    expect(
      (
        await h.app.inject({ method: 'DELETE', url: `/api/orgs/${beta}/members/${memberId}`, headers: b.headers })
      ).json(),
    ).toEqual({ message: 'Member removed' });
    expect((await h.app.inject({ method: 'DELETE', url: `/api/orgs/${beta}/members/${memberId}` })).statusCode).toBe(
      401,
    );
  });
});
