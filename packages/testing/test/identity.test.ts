import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  bearer,
  resolveAdminDatabaseUrl,
  startIdentityForTests,
  type IdentityForTests,
  type Session,
} from '../src/index.js';

type Me = {
  type: string;
  user: {
    id: string;
    email: string;
    isSuperAdmin: boolean;
    entitlements: string[];
    organizations: { id: string; name: string; role: string }[];
  };
};

describe('startIdentityForTests (real identity process)', () => {
  let identity: IdentityForTests;
  const me = async (session: Session) =>
    (await (await fetch(`${identity.url}/api/auth/me`, { headers: session.headers })).json()) as Me;

  beforeAll(async () => {
    identity = await startIdentityForTests({ databasePrefix: 'testing_identity' });
  });
  afterAll(async () => {
    await identity?.close();
  });

  it('boots identity with a logged-in super admin and the platform secrets', async () => {
    expect(identity.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(identity.secrets.INTERNAL_SERVICE_SECRET).toBeTruthy();
    expect(identity.admin.headers).toEqual(bearer(identity.admin.token));
    const admin = await me(identity.admin);
    expect(admin.user).toMatchObject({ id: identity.admin.id, email: identity.adminEmail, isSuperAdmin: true });
  });

  it('registers org admins, adds members and grants entitlements', async () => {
    const owner = await identity.registerOrgAdmin('Acme');
    expect((await me(owner)).user.organizations).toEqual([
      expect.objectContaining({ id: owner.orgId, name: 'Acme', role: 'admin' }),
    ]);

    const other = await identity.registerOrgAdmin('Globex');
    const member = await identity.addMember(owner, owner.orgId, other.email, 'viewer');
    expect(member.id).toBe(other.id);
    expect((await me(member)).user.organizations).toContainEqual(
      expect.objectContaining({ id: owner.orgId, role: 'viewer' }),
    );

    await identity.grantEntitlement(other.id, 'cap:registry.sign');
    expect((await me(await identity.login(other.email))).user.entitlements).toContain('cap:registry.sign');
  });

  it('creates API keys and mints service tokens identity recognises', async () => {
    const owner = await identity.registerOrgAdmin('Keys Org');
    expect(await identity.createApiKey(owner, { name: 'helper test', orgId: owner.orgId })).toMatch(/^sk_/);

    const session = await identity.serviceSession('catalog');
    expect(session).toMatchObject({ id: 'catalog', headers: bearer(session.token) });
    const introspection = await identity.call('/api/auth/introspect', {
      token: await identity.serviceToken('messaging'),
    });
    expect(introspection).toMatchObject({ active: true, type: 'service', serviceId: 'messaging' });
  });

  it('rejects with the path, status and body when identity refuses a call', async () => {
    await expect(
      identity.call('/api/auth/login', { email: identity.adminEmail, password: 'not the password' }),
    ).rejects.toThrow(/^identity \/api\/auth\/login failed: 4\d\d \{/);
  });

  it('stops identity and drops its database on close', async () => {
    const prefix = `testing_close_${randomBytes(3).toString('hex')}`;
    const databases = async () => {
      const client = new pg.Client({ connectionString: await resolveAdminDatabaseUrl() });
      await client.connect();
      try {
        return (await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`symbia_t_${prefix}_%`]))
          .rowCount;
      } finally {
        await client.end();
      }
    };
    const second = await startIdentityForTests({ databasePrefix: prefix });
    expect(await databases()).toBe(1);
    await second.close();
    await expect(fetch(`${second.url}/health/ready`)).rejects.toThrow();
    expect(await databases()).toBe(0);
  });
});
