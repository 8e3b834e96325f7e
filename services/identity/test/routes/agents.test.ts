import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCredential,
  bearer,
  createOrg,
  fieldsOf,
  loginRoot,
  registerUser,
  serviceSession,
  startIdentity,
  withRoot,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let root: Session;
let b: Session;
let c: Session;
let beta: string;
let gamma: string;
let assistants: { headers: { authorization: string } };

const register = (headers: Record<string, string> | undefined, payload: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url: '/api/auth/agent/register', ...(headers && { headers }), payload });
const entOf = (token: string): string[] =>
  (JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8')) as { ent: string[] }).ent;
const agentLogin = (agentId: string, credential: string) =>
  h.app.inject({ method: 'POST', url: '/api/auth/agent/login', payload: { agentId, credential } });

beforeAll(async () => {
  h = await startIdentity(withRoot);
  root = await loginRoot(h.app);
  [b, c] = [await registerUser(h.app), await registerUser(h.app)];
  beta = await createOrg(h.app, b, 'Beta', 'beta');
  gamma = await createOrg(h.app, c, 'Gamma', 'gamma');
  await h.app.inject({
    method: 'POST',
    url: `/api/orgs/${beta}/members/invite`,
    headers: b.headers,
    payload: {
      email: (await h.app.inject({ method: 'GET', url: '/api/users/me', headers: c.headers })).json().email,
      role: 'member',
    },
  });
  assistants = await serviceSession(h.app, 'assistants');
});
afterAll(() => h.close());

describe('agent registration (W2)', () => {
  it('lets a service holding cap:identity.agents.register register an agent, without a cookie and without echoing the credential', async () => {
    const credential = agentCredential();
    const res = await register(assistants.headers, {
      agentId: 'assistant:demo',
      credential,
      name: 'Demo',
      capabilities: ['cap:messaging.send'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().agent).toMatchObject({ agentId: 'assistant:demo', name: 'Demo', orgId: null });
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.body).not.toContain(credential);
    expect(res.body).not.toMatch(/argon2|credentialHash/);
    const dup = await register(assistants.headers, { agentId: 'assistant:demo', credential, name: 'Demo' });
    expect(refusalOf(dup)).toEqual({ status: 400, code: 'agent_id_in_use' });
    expect(dup.json()).toMatchObject({ error: 'Agent ID already in use', code: 'agent_id_in_use' });
  });

  it('refuses anonymous callers (401), agents registering agents, services without the capability and plain users (403)', async () => {
    expect(
      refusalOf(await register(undefined, { agentId: 'agent:anon', credential: agentCredential(), name: 'A' })),
    ).toEqual({ status: 401, code: 'authentication_required' });
    // A bare X-Service-Id header is no authentication.
    expect(
      refusalOf(
        await register(
          { 'x-service-id': 'assistants' },
          { agentId: 'agent:spoof', credential: agentCredential(), name: 'A' },
        ),
      ),
    ).toEqual({ status: 401, code: 'authentication_required' });
    const messaging = await serviceSession(h.app, 'messaging');
    expect(
      refusalOf(await register(messaging.headers, { agentId: 'agent:m', credential: agentCredential(), name: 'A' })),
    ).toEqual({ status: 403, code: 'capability_required' });
    expect(
      refusalOf(await register(b.headers, { agentId: 'agent:no-org', credential: agentCredential(), name: 'A' })),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    // Self-registration: an agent's own token never registers another agent.
    const credential = agentCredential();
    await register(assistants.headers, { agentId: 'agent:self', credential, name: 'Self' });
    const self = (await agentLogin('agent:self', credential)).json();
    const res = await register(bearer(self.token), {
      agentId: 'agent:child',
      credential: agentCredential(),
      name: 'Child',
    });
    expect(refusalOf(res)).toEqual({ status: 403, code: 'insufficient_permissions' });
  });

  it('lets an org admin register into their org only, without privileged capabilities; members and other orgs get 403', async () => {
    const ok = await register(b.headers, {
      agentId: 'agent:beta-bot',
      credential: agentCredential(),
      name: 'Beta bot',
      orgId: beta,
      capabilities: ['cap:messaging.send'],
    });
    expect(ok.statusCode, ok.body).toBe(200);
    expect(ok.json().agent.orgId).toBe(beta);
    expect(
      refusalOf(
        await register(b.headers, {
          agentId: 'agent:gamma-bot',
          credential: agentCredential(),
          name: 'G',
          orgId: gamma,
        }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(
      refusalOf(
        await register(c.headers, {
          agentId: 'agent:member-bot',
          credential: agentCredential(),
          name: 'M',
          orgId: beta,
        }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    const privileged = await register(b.headers, {
      agentId: 'agent:admin-bot',
      credential: agentCredential(),
      name: 'P',
      orgId: beta,
      capabilities: ['cap:global.write'],
    });
    expect(refusalOf(privileged)).toEqual({ status: 403, code: 'capability_platform_only' });
    expect(privileged.json().code).toBe('capability_platform_only');
    const sa = await register(root.headers, {
      agentId: 'agent:root-bot',
      credential: agentCredential(),
      name: 'R',
      capabilities: ['cap:catalog.admin'],
    });
    expect(sa.statusCode).toBe(200);
  });
});

describe('agent capabilities come from the capability registry (DESIGN §6)', () => {
  let owner: Session;
  let ownOrg: string;

  beforeAll(async () => {
    // Anyone may sign up with an org and so become that org's admin: the attacker of issue 16.
    owner = await registerUser(h.app, { orgName: 'Self Made' });
    ownOrg = (await h.app.inject({ method: 'GET', url: '/api/orgs', headers: owner.headers })).json().organizations[0]
      .id;
  });

  it.each([
    ['messaging:admin'],
    ['collaborate:admin'],
    ['cap:messaging.admin'],
    ['role:admin'],
    ['cap:registry.publish'],
    ['cap:registry.sign'],
    ['cap:global.read'],
  ])(
    "refuses a self-made org admin's agent with the platform capability %s (403 capability_platform_only)",
    async (capability) => {
      const res = await register(owner.headers, {
        agentId: `agent:x-${Math.random().toString(36).slice(2, 8)}`,
        credential: agentCredential(),
        name: 'X',
        orgId: ownOrg,
        capabilities: ['cap:messaging.send', capability],
      });
      expect(refusalOf(res)).toEqual({ status: 403, code: 'capability_platform_only' });
      expect(res.json()).toMatchObject({ code: 'capability_platform_only', details: [{ field: 'body.capabilities' }] });
      expect(res.json().error).toContain(capability);
    },
  );

  it("lets an org admin give its org's agent org-scoped capabilities, aliases stored by their canonical names", async () => {
    const res = await register(owner.headers, {
      agentId: 'agent:self-made-writer',
      credential: agentCredential(),
      name: 'W',
      orgId: ownOrg,
      capabilities: ['cap:registry.write', 'cap:catalog.write', 'role:publisher'],
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(entOf(res.json().token)).toEqual(['cap:registry.write', 'cap:catalog.write', 'role:publisher']);
    const sa = await register(root.headers, {
      agentId: 'agent:root-moderator',
      credential: agentCredential(),
      name: 'M',
      capabilities: ['messaging:admin', 'cap:messaging.admin'],
    });
    expect(sa.statusCode, sa.body).toBe(200);
    expect(entOf(sa.json().token)).toEqual(['cap:messaging.admin']);
  });

  it('refuses names outside the registry with 400 capability_unknown, even from a super admin', async () => {
    for (const [headers, orgId] of [
      [owner.headers, ownOrg],
      [root.headers, undefined],
    ] as const) {
      const res = await register(headers, {
        agentId: 'agent:made-up',
        credential: agentCredential(),
        name: 'U',
        ...(orgId && { orgId }),
        capabilities: ['cap:everything'],
      });
      expect(refusalOf(res)).toEqual({ status: 400, code: 'capability_unknown' });
      expect(res.json().code).toBe('capability_unknown');
      expect(fieldsOf(res)).toEqual(['body.capabilities']);
    }
  });

  it('lets a platform service grant org-scoped capabilities only', async () => {
    const platform = await register(assistants.headers, {
      agentId: 'assistant:moderator',
      credential: agentCredential(),
      name: 'M',
      orgId: ownOrg,
      capabilities: ['cap:messaging.admin'],
    });
    expect([platform.statusCode, platform.json().code]).toEqual([403, 'capability_platform_only']);
    const org = await register(assistants.headers, {
      agentId: 'assistant:observer',
      credential: agentCredential(),
      name: 'O',
      orgId: ownOrg,
      capabilities: ['cap:messaging.observe'],
    });
    expect(org.statusCode, org.body).toBe(200);
  });
});

describe('agent registration input', () => {
  it('answers 400 naming the field for malformed bodies and unknown orgs', async () => {
    const bad = await register(assistants.headers, { agentId: 'Bad ID', credential: 'short', capabilities: 'x' });
    expect(refusalOf(bad)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(bad)).toEqual(
      expect.arrayContaining(['body.agentId', 'body.credential', 'body.name', 'body.capabilities']),
    );
    const unknownOrg = await register(assistants.headers, {
      agentId: 'agent:lost',
      credential: agentCredential(),
      name: 'L',
      orgId: '00000000-0000-7000-8000-000000000000',
    });
    expect(refusalOf(unknownOrg)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(unknownOrg)).toContain('body.orgId');
  });
});

describe('agent sessions', () => {
  const credential = agentCredential();
  let agent: { token: string; refreshToken: string; agent: { id: string } };

  beforeAll(async () => {
    await register(assistants.headers, {
      agentId: 'assistant:worker',
      credential,
      name: 'Worker',
      orgId: beta,
      capabilities: ['cap:messaging.send'],
    });
    agent = (await agentLogin('assistant:worker', credential)).json();
  });

  it('logs in with agentId + credential, claims typ agent with ent = capabilities; the same 401 for a wrong credential or unknown agent', async () => {
    expect(agent.token).toBeTruthy();
    const claims = JSON.parse(Buffer.from(agent.token.split('.')[1]!, 'base64url').toString());
    expect(claims).toMatchObject({ typ: 'agent', agent: 'assistant:worker', org: beta, ent: ['cap:messaging.send'] });
    const wrong = await agentLogin('assistant:worker', 'x'.repeat(40));
    const unknown = await agentLogin('assistant:ghost', 'x'.repeat(40));
    expect([wrong.statusCode, unknown.statusCode]).toEqual([401, 401]);
    expect(wrong.json().error).toBe(unknown.json().error);
    expect(
      fieldsOf(await h.app.inject({ method: 'POST', url: '/api/auth/agent/login', payload: { agentId: 5 } })),
    ).toEqual(expect.arrayContaining(['body.agentId', 'body.credential']));
  });

  it('throttles repeated failed agent logins', async () => {
    const cred = agentCredential();
    await register(assistants.headers, { agentId: 'agent:locked', credential: cred, name: 'L' });
    for (let i = 0; i < 5; i += 1) await agentLogin('agent:locked', 'y'.repeat(40));
    expect(refusalOf(await agentLogin('agent:locked', cred))).toEqual({ status: 429, code: 'rate_limited' });
  });

  it('serves /api/auth/agent/me to agents only; users get 403 there and agents 403 on user routes', async () => {
    const me = await h.app.inject({ method: 'GET', url: '/api/auth/agent/me', headers: bearer(agent.token) });
    expect(me.statusCode).toBe(200);
    expect(me.json().agent).toMatchObject({
      agentId: 'assistant:worker',
      capabilities: ['cap:messaging.send'],
      isActive: true,
    });
    expect(me.body).not.toMatch(/credential/i);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/agent/me', headers: b.headers }))).toEqual({
      status: 403,
      code: 'agents_only',
    });
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/agent/me' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    for (const url of ['/api/users/me', '/api/orgs', '/api/auth/user/me']) {
      expect(refusalOf(await h.app.inject({ method: 'GET', url, headers: bearer(agent.token) })), url).toEqual({
        status: 403,
        code: 'users_only',
      });
    }
    const intro = await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: agent.token } });
    expect(intro.json()).toMatchObject({
      active: true,
      type: 'agent',
      agentId: 'assistant:worker',
      capabilities: ['cap:messaging.send'],
    });
  });

  it('refreshes agent sessions on /api/auth/agent/refresh and refuses user refresh tokens there (403) without rotating them', async () => {
    const res = await h.app.inject({
      method: 'POST',
      url: '/api/auth/agent/refresh',
      payload: { refreshToken: agent.refreshToken },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().agent.id).toBe(agent.agent.id);
    agent = { ...agent, token: res.json().token, refreshToken: res.json().refreshToken };
    const fresh = await registerUser(h.app);
    expect(
      refusalOf(
        await h.app.inject({
          method: 'POST',
          url: '/api/auth/agent/refresh',
          payload: { refreshToken: fresh.refreshToken },
        }),
      ),
    ).toEqual({ status: 403, code: 'wrong_session_kind' });
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/refresh', payload: { refreshToken: fresh.refreshToken } }))
        .statusCode,
    ).toBe(200);
    expect(refusalOf(await h.app.inject({ method: 'POST', url: '/api/auth/agent/refresh' }))).toEqual({
      status: 401,
      code: 'invalid_refresh_token',
    });
  });

  it('lets an org admin deactivate an agent: its sessions end at once, revocation is published, login says inactive', async () => {
    expect(
      refusalOf(
        await h.app.inject({ method: 'POST', url: `/api/agents/${agent.agent.id}/deactivate`, headers: c.headers }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    expect((await h.app.inject({ method: 'POST', url: `/api/agents/${agent.agent.id}/deactivate` })).statusCode).toBe(
      401,
    );
    expect(
      refusalOf(await h.app.inject({ method: 'POST', url: '/api/agents/not-a-uuid/deactivate', headers: b.headers })),
    ).toEqual({ status: 400, code: 'validation_failed' });
    h.events.length = 0;
    const res = await h.app.inject({
      method: 'POST',
      url: `/api/agents/${agent.agent.id}/deactivate`,
      headers: b.headers,
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().isActive).toBe(false);
    expect(h.events.map((e) => e.type)).toContain('identity.session.revoked');
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/agent/me', headers: bearer(agent.token) })),
    ).toEqual({ status: 401, code: 'invalid_token' });
    expect(
      (await h.app.inject({ method: 'POST', url: '/api/auth/introspect', payload: { token: agent.token } })).json(),
    ).toEqual({ active: false });
    const inactive = await agentLogin('assistant:worker', credential);
    expect(refusalOf(inactive)).toEqual({ status: 401, code: 'agent_inactive' });
    expect(inactive.json().code).toBe('agent_inactive');
    // The inactive flag is only revealed to someone holding the credential (W17).
    expect((await agentLogin('assistant:worker', 'z'.repeat(40))).json().code).toBe('invalid_agent_credentials');
  });

  it('lets a super admin delete an agent, revoking its sessions', async () => {
    const cred = agentCredential();
    const created = (
      await register(assistants.headers, { agentId: 'agent:doomed', credential: cred, name: 'D' })
    ).json();
    const s = (await agentLogin('agent:doomed', cred)).json();
    expect(
      refusalOf(await h.app.inject({ method: 'DELETE', url: `/api/agents/${created.agent.id}`, headers: b.headers })),
    ).toEqual({ status: 404, code: 'not_found' });
    h.events.length = 0;
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/agents/${created.agent.id}`, headers: root.headers }))
        .statusCode,
    ).toBe(200);
    expect(h.events.map((e) => e.type)).toContain('identity.session.revoked');
    expect(
      refusalOf(await h.app.inject({ method: 'GET', url: '/api/auth/agent/me', headers: bearer(s.token) })),
    ).toEqual({ status: 401, code: 'invalid_token' });
    expect(refusalOf(await agentLogin('agent:doomed', cred))).toEqual({
      status: 401,
      code: 'invalid_agent_credentials',
    });
  });
});

describe('agent list (GET /api/agents, GET /api/agents/:id)', () => {
  it('shows members (any role) the agents of their orgs, super admins every agent, and 404s another org', async () => {
    const [owner, viewer, outsider] = [await registerUser(h.app), await registerUser(h.app), await registerUser(h.app)];
    const delta = await createOrg(h.app, owner, 'Delta', 'delta');
    const epsilon = await createOrg(h.app, outsider, 'Epsilon', 'epsilon');
    await h.app.inject({
      method: 'POST',
      url: `/api/orgs/${delta}/members/invite`,
      headers: owner.headers,
      payload: { email: viewer.email, role: 'viewer' },
    });
    const ids: Record<string, string> = {};
    for (const [headers, agentId, orgId] of [
      [owner.headers, 'agent:delta-1', delta],
      [owner.headers, 'agent:delta-2', delta],
      [outsider.headers, 'agent:eps', epsilon],
    ] as const) {
      ids[agentId] = (
        await register(headers, { agentId, credential: agentCredential(), name: agentId, orgId })
      ).json().agent.id;
    }
    const list = (headers: Record<string, string> | undefined, query = '') =>
      h.app.inject({ method: 'GET', url: `/api/agents${query}`, ...(headers && { headers }) });

    const mine = await list(viewer.headers, `?orgId=${delta}`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json()).toMatchObject({
      count: 2,
      agents: [{ agentId: 'agent:delta-1', orgId: delta, isActive: true }, { agentId: 'agent:delta-2' }],
    });
    expect(mine.body).not.toMatch(/credential|argon2/i);
    expect((await list(viewer.headers)).json().agents.map((a: { agentId: string }) => a.agentId)).toEqual([
      'agent:delta-1',
      'agent:delta-2',
    ]);
    expect((await list(viewer.headers, `?orgId=${delta}&limit=1&offset=1`)).json()).toMatchObject({
      count: 2,
      agents: [{ agentId: 'agent:delta-2' }],
    });
    expect(refusalOf(await list(outsider.headers, `?orgId=${delta}`))).toEqual({ status: 404, code: 'not_found' });
    expect((await list(outsider.headers)).json().agents.map((a: { agentId: string }) => a.agentId)).toEqual([
      'agent:eps',
    ]);

    const all = (await list(root.headers, '?limit=200')).json().agents.map((a: { agentId: string }) => a.agentId);
    expect(all).toEqual(expect.arrayContaining(['assistant:demo', 'agent:delta-1', 'agent:eps']));
    expect((await list(root.headers, `?orgId=${epsilon}`)).json().count).toBe(1);

    const view = (headers: Record<string, string> | undefined, id: string) =>
      h.app.inject({ method: 'GET', url: `/api/agents/${id}`, ...(headers && { headers }) });
    expect((await view(viewer.headers, ids['agent:delta-1']!)).json()).toMatchObject({
      agentId: 'agent:delta-1',
      capabilities: [],
    });
    expect(refusalOf(await view(viewer.headers, ids['agent:eps']!))).toEqual({ status: 404, code: 'not_found' });
    expect((await view(root.headers, ids['agent:eps']!)).statusCode).toBe(200);
    expect(refusalOf(await view(viewer.headers, '00000000-0000-7000-8000-000000000000'))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('answers 401 without a token, 403 to agent tokens and 400 naming malformed parameters', async () => {
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/agents' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    const credential = agentCredential();
    await register(assistants.headers, { agentId: 'agent:lister', credential, name: 'Lister' });
    const agentToken = (await agentLogin('agent:lister', credential)).json().token;
    expect((await h.app.inject({ method: 'GET', url: '/api/agents', headers: bearer(agentToken) })).statusCode).toBe(
      403,
    );
    expect(
      fieldsOf(await h.app.inject({ method: 'GET', url: '/api/agents?orgId=nope&limit=0', headers: b.headers })),
    ).toEqual(expect.arrayContaining(['querystring.orgId', 'querystring.limit']));
    expect(
      fieldsOf(await h.app.inject({ method: 'GET', url: '/api/agents/not-a-uuid', headers: b.headers })),
    ).toContain('params.id');
  });
});
