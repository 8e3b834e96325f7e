import { refusalOf } from '@symbia/testing';
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCredential,
  bearer,
  createOrg,
  fieldsOf,
  registerUser,
  serviceSession,
  startIdentity,
  type Harness,
  type Session,
} from '../helpers/identity-harness.js';

let h: Harness;
let b: Session;
let c: Session;
let d: Session;
let beta: string;
let gamma: string;
let integrations: { headers: { authorization: string } };

const ORG_SECRET = 'hf_OrgWideSecretValue_1234567890abcdef';
const PERSONAL_SECRET = 'hf_PersonalSecretValue_abcdef1234567890';

const create = (headers: Record<string, string> | undefined, payload: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url: '/api/credentials', ...(headers && { headers }), payload });
const resolve = (headers: Record<string, string> | undefined, userId: string, provider: string, orgId?: string) =>
  h.app.inject({
    method: 'GET',
    url: `/api/internal/credentials/${userId}/${provider}${orgId ? `?orgId=${orgId}` : ''}`,
    ...(headers && { headers }),
  });

beforeAll(async () => {
  h = await startIdentity();
  [b, c, d] = [await registerUser(h.app), await registerUser(h.app), await registerUser(h.app)];
  beta = await createOrg(h.app, b, 'Beta', 'beta');
  gamma = await createOrg(h.app, d, 'Gamma', 'gamma');
  const cEmail = (await h.app.inject({ method: 'GET', url: '/api/users/me', headers: c.headers })).json().email;
  await h.app.inject({
    method: 'POST',
    url: `/api/orgs/${beta}/members/invite`,
    headers: b.headers,
    payload: { email: cEmail, role: 'member' },
  });
  integrations = await serviceSession(h.app, 'integrations');
});
afterAll(() => h.close());

describe('user credentials', () => {
  let orgCredentialId: string;

  it('stores an org-wide credential encrypted (AES-256-GCM) and answers with a masked prefix only', async () => {
    const res = await create(b.headers, {
      provider: 'HuggingFace',
      name: 'Team key',
      apiKey: ORG_SECRET,
      isOrgWide: true,
      orgId: beta,
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({
      provider: 'huggingface',
      isOrgWide: true,
      orgId: beta,
      credentialPrefix: 'hf_OrgWi',
    });
    expect(res.body).not.toContain(ORG_SECRET);
    orgCredentialId = res.json().id;
    const { rows } = await h.database.pool.query(
      'select credential_encrypted from identity.user_credentials where id = $1',
      [orgCredentialId],
    );
    expect(rows[0].credential_encrypted).toMatch(/^[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]+$/);
    expect(rows[0].credential_encrypted).not.toContain(ORG_SECRET);
  });

  it('keeps short secrets mostly hidden in the prefix', async () => {
    const res = await create(c.headers, { provider: 'openai', name: 'Short', apiKey: 'abcdefghijkl' });
    expect(res.json().credentialPrefix).toBe('abc');
  });

  it('refuses org-wide credentials from non-admins (403), other orgs (404), and without an org (400 naming body.orgId)', async () => {
    expect(
      refusalOf(
        await create(c.headers, {
          provider: 'openai',
          name: 'x',
          apiKey: 'secret-value-123',
          isOrgWide: true,
          orgId: beta,
        }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(
      refusalOf(await create(c.headers, { provider: 'openai', name: 'x', apiKey: 'secret-value-123', orgId: gamma })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      fieldsOf(await create(b.headers, { provider: 'openai', name: 'x', apiKey: 'secret-value-123', isOrgWide: true })),
    ).toContain('body.orgId');
    const bad = await create(b.headers, { provider: 'no spaces!', name: '', apiKey: '' });
    expect(refusalOf(bad)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['body.provider', 'body.name', 'body.apiKey']));
    expect(refusalOf(await create(undefined, { provider: 'openai', name: 'x', apiKey: 'y' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it("lists only the caller's credentials, never the secret or ciphertext", async () => {
    await create(c.headers, { provider: 'huggingface', name: 'Mine', apiKey: PERSONAL_SECRET });
    const res = await h.app.inject({ method: 'GET', url: '/api/credentials', headers: c.headers });
    expect(res.statusCode).toBe(200);
    expect(
      res
        .json()
        .map((r: { name: string }) => r.name)
        .sort(),
    ).toEqual(['Mine', 'Short']);
    expect(res.body).not.toContain(PERSONAL_SECRET);
    expect(res.body).not.toMatch(/credentialEncrypted|[0-9a-f]{24}:[0-9a-f]{32}:/);
    expect(refusalOf(await h.app.inject({ method: 'GET', url: '/api/credentials' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });

  it("deletes only the owner's credential; anyone else gets 404", async () => {
    const own = (await create(d.headers, { provider: 'openai', name: 'tmp', apiKey: 'temporary-secret-1' })).json().id;
    expect(
      refusalOf(
        await h.app.inject({ method: 'DELETE', url: `/api/credentials/${orgCredentialId}`, headers: c.headers }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await h.app.inject({ method: 'DELETE', url: `/api/credentials/${own}` }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(await h.app.inject({ method: 'DELETE', url: '/api/credentials/nope', headers: d.headers })),
    ).toEqual({ status: 400, code: 'validation_failed' });
    expect(
      (await h.app.inject({ method: 'DELETE', url: `/api/credentials/${own}`, headers: d.headers })).json(),
    ).toEqual({ message: 'Credential deleted successfully' });
    expect(
      refusalOf(await h.app.inject({ method: 'DELETE', url: `/api/credentials/${own}`, headers: d.headers })),
    ).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('internal credential lookup (W1)', () => {
  it('returns the personal credential first, else the org-wide one of an org the user belongs to', async () => {
    const personal = await resolve(integrations.headers, c.id, 'huggingface', beta);
    expect(personal.statusCode, personal.body).toBe(200);
    expect(personal.json()).toMatchObject({ apiKey: PERSONAL_SECRET, isOrgWide: false, isProxy: false, ownerId: c.id });
    // b has no personal huggingface key: Beta's org-wide key answers, owned by b itself (no proxy).
    expect((await resolve(integrations.headers, b.id, 'huggingface', beta)).json()).toMatchObject({
      apiKey: ORG_SECRET,
      isOrgWide: true,
      isProxy: false,
    });
    const byId = await h.app.inject({
      method: 'GET',
      url: `/api/internal/credentials/by-id/${personal.json().credentialId}`,
      headers: integrations.headers,
    });
    expect(byId.json().apiKey).toBe(PERSONAL_SECRET);
  });

  it('falls back to the org-wide key as a proxy for a member, and never for a non-member or another org (404)', async () => {
    await h.app.inject({
      method: 'DELETE',
      url: `/api/credentials/${(await resolve(integrations.headers, c.id, 'huggingface')).json().credentialId}`,
      headers: c.headers,
    });
    expect((await resolve(integrations.headers, c.id, 'huggingface', beta)).json()).toMatchObject({
      apiKey: ORG_SECRET,
      isProxy: true,
    });
    expect(refusalOf(await resolve(integrations.headers, c.id, 'huggingface'))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await resolve(integrations.headers, d.id, 'huggingface', beta))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await resolve(integrations.headers, c.id, 'huggingface', gamma))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it("resolves the org-wide key for an active agent of that org (its one org), never for another org's, an org-less or a deactivated agent", async () => {
    const registerAgent = async (headers: Record<string, string>, orgId: string | null) => {
      const res = await h.app.inject({
        method: 'POST',
        url: '/api/auth/agent/register',
        headers,
        payload: {
          agentId: `agent:${randomBytes(4).toString('hex')}`,
          credential: agentCredential(),
          name: 'Worker',
          ...(orgId && { orgId }),
        },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json().agent as { id: string; agentId: string };
    };
    const betaAgent = await registerAgent(b.headers, beta);
    const gammaAgent = await registerAgent(d.headers, gamma);
    const orgless = await registerAgent((await serviceSession(h.app, 'assistants')).headers, null);
    // Gamma gets an org-wide key too, so a refusal below cannot be "Gamma has none".
    const GAMMA_SECRET = 'hf_GammaOrgWideSecret_0987654321';
    expect(
      (
        await create(d.headers, {
          provider: 'huggingface',
          name: 'Gamma team',
          apiKey: GAMMA_SECRET,
          isOrgWide: true,
          orgId: gamma,
        })
      ).statusCode,
    ).toBe(200);

    const own = await resolve(integrations.headers, betaAgent.id, 'huggingface', beta);
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json()).toMatchObject({
      apiKey: ORG_SECRET,
      isOrgWide: true,
      orgId: beta,
      ownerId: b.id,
      isProxy: true,
    });
    expect((await resolve(integrations.headers, gammaAgent.id, 'huggingface', gamma)).json().apiKey).toBe(GAMMA_SECRET);
    // The read is audited under the agent, with ids only.
    const { rows } = await h.database.pool.query(
      "select metadata from identity.audit_logs where action = 'credential.read' and resource_id = $1 and metadata->>'agentRowId' = $2",
      [own.json().credentialId, betaAgent.id],
    );
    expect(rows).toEqual([
      { metadata: { provider: 'huggingface', agentRowId: betaAgent.id, agentId: betaAgent.agentId } },
    ]);

    // Another org's agent, an org-less agent, and an agent asking without an org: 404, like a missing key.
    expect(refusalOf(await resolve(integrations.headers, gammaAgent.id, 'huggingface', beta))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await resolve(integrations.headers, betaAgent.id, 'huggingface', gamma))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await resolve(integrations.headers, orgless.id, 'huggingface', beta))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await resolve(integrations.headers, betaAgent.id, 'huggingface'))).toEqual({
      status: 404,
      code: 'not_found',
    });
    // A provider the org has no org-wide key for: 404.
    expect(refusalOf(await resolve(integrations.headers, betaAgent.id, 'anthropic', beta))).toEqual({
      status: 404,
      code: 'not_found',
    });
    // A deactivated agent loses the org's keys at once.
    expect(
      (await h.app.inject({ method: 'POST', url: `/api/agents/${betaAgent.id}/deactivate`, headers: b.headers }))
        .statusCode,
    ).toBe(200);
    expect(refusalOf(await resolve(integrations.headers, betaAgent.id, 'huggingface', beta))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('refuses user tokens, agent tokens, spoofed service headers and services without the capability', async () => {
    expect(refusalOf(await resolve(undefined, c.id, 'huggingface', beta))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(
        await resolve({ 'x-service-id': 'integrations', 'x-service-auth': 'internal' }, c.id, 'huggingface', beta),
      ),
    ).toEqual({ status: 401, code: 'authentication_required' });
    expect(
      refusalOf(await resolve({ ...c.headers, 'x-service-id': 'integrations' }, c.id, 'huggingface', beta)),
    ).toEqual({ status: 403, code: 'capability_required' });
    const cred = agentCredential();
    await h.app.inject({
      method: 'POST',
      url: '/api/auth/agent/register',
      headers: (await serviceSession(h.app, 'assistants')).headers,
      payload: { agentId: 'agent:vault', credential: cred, name: 'V' },
    });
    const agentToken = (
      await h.app.inject({
        method: 'POST',
        url: '/api/auth/agent/login',
        payload: { agentId: 'agent:vault', credential: cred },
      })
    ).json().token;
    expect(refusalOf(await resolve(bearer(agentToken), c.id, 'huggingface', beta))).toEqual({
      status: 403,
      code: 'capability_required',
    });
    const messaging = await serviceSession(h.app, 'messaging');
    expect(refusalOf(await resolve(messaging.headers, c.id, 'huggingface', beta))).toEqual({
      status: 403,
      code: 'capability_required',
    });
    expect(
      refusalOf(
        await h.app.inject({ method: 'GET', url: `/api/internal/credentials/by-id/${c.id}`, headers: c.headers }),
      ),
    ).toEqual({ status: 403, code: 'capability_required' });
    expect((await h.app.inject({ method: 'GET', url: `/api/internal/credentials/by-id/${c.id}` })).statusCode).toBe(
      401,
    );
  });

  it('answers 400 naming the field for malformed parameters', async () => {
    const bad = await resolve(integrations.headers, 'not-a-uuid', 'Bad Provider');
    expect(refusalOf(bad)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(bad)).toEqual(expect.arrayContaining(['params.userId']));
    expect(fieldsOf(await resolve(integrations.headers, c.id, 'openai', 'nope'))).toContain('querystring.orgId');
  });
});

describe('internal OAuth upsert and delete', () => {
  const oauth = (headers: Record<string, string> | undefined, payload: Record<string, unknown>) =>
    h.app.inject({ method: 'POST', url: '/api/internal/credentials/oauth', ...(headers && { headers }), payload });

  it("upserts the user's own OAuth row (same credentialId), sealing both tokens, and leaves org-wide rows alone", async () => {
    const first = await oauth(integrations.headers, {
      userId: b.id,
      provider: 'google',
      accessToken: 'ya29.first-access-token',
      refreshToken: 'r1',
      orgId: beta,
    });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.body).not.toContain('ya29');
    const second = await oauth(integrations.headers, {
      userId: b.id,
      provider: 'google',
      accessToken: 'ya29.second-access-token',
      expiresAt: '2031-01-01T00:00:00Z',
    });
    expect(second.json()).toMatchObject({
      credentialId: first.json().credentialId,
      provider: 'google',
      expiresAt: '2031-01-01T00:00:00.000Z',
    });
    expect((await resolve(integrations.headers, b.id, 'google')).json()).toMatchObject({
      apiKey: 'ya29.second-access-token',
      credentialType: 'oauth_token',
    });
    // An OAuth upsert for the org-wide provider creates b's own row; Beta's org-wide key is untouched.
    await oauth(integrations.headers, { userId: b.id, provider: 'huggingface', accessToken: 'hf_oauth_value_1234' });
    expect((await resolve(integrations.headers, c.id, 'huggingface', beta)).json().apiKey).toBe(ORG_SECRET);
  });

  it('keeps exactly one row when first stores for a user and provider race (unique index + INSERT … ON CONFLICT)', async () => {
    const u = await registerUser(h.app);
    const racers = 12;
    const results = await Promise.all(
      Array.from({ length: racers }, (_, i) =>
        oauth(integrations.headers, {
          userId: u.id,
          provider: 'slack',
          accessToken: `xoxp-race-${i}`,
          ...(i === 0 && { refreshToken: 'xoxe-refresh' }),
        }),
      ),
    );
    expect(results.map((r) => r.statusCode)).toEqual(Array(racers).fill(200));
    const ids = new Set(results.map((r) => r.json().credentialId));
    expect(ids.size).toBe(1);
    const rows = (
      await h.database.pool.query(
        "select id from identity.user_credentials where user_id = $1 and provider = 'slack'",
        [u.id],
      )
    ).rows;
    expect(rows).toEqual([{ id: [...ids][0] }]);
    const audit = (
      await h.database.pool.query(
        "select action, count(*)::int as n from identity.audit_logs where resource_id = $1 and action like 'oauth.%' group by action",
        [[...ids][0]],
      )
    ).rows;
    expect(Object.fromEntries(audit.map((r: { action: string; n: number }) => [r.action, r.n]))).toEqual({
      'oauth.token_stored': 1,
      'oauth.token_refreshed': racers - 1,
    });
    // A later store without a refresh token keeps the stored one (refresh answers often carry none).
    await oauth(integrations.headers, { userId: u.id, provider: 'slack', accessToken: 'xoxp-later' });
    const kept = (
      await h.database.pool.query(
        "select refresh_token_encrypted from identity.user_credentials where user_id = $1 and provider = 'slack'",
        [u.id],
      )
    ).rows[0];
    expect(kept.refresh_token_encrypted).toMatch(/^[0-9a-f]{24}:[0-9a-f]{32}:[0-9a-f]+$/);
    expect((await resolve(integrations.headers, u.id, 'slack')).json().apiKey).toBe('xoxp-later');
  });

  it('answers only to services holding cap:identity.credentials.write; 404 for unknown users; 400 naming fields', async () => {
    const body = { userId: c.id, provider: 'google', accessToken: 'ya29.x' };
    expect(refusalOf(await oauth(undefined, body))).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await oauth({ ...c.headers, 'x-service-id': 'integrations' }, body))).toEqual({
      status: 403,
      code: 'capability_required',
    });
    expect(refusalOf(await oauth((await serviceSession(h.app, 'assistants')).headers, body))).toEqual({
      status: 403,
      code: 'capability_required',
    });
    expect(
      refusalOf(await oauth(integrations.headers, { ...body, userId: '00000000-0000-7000-8000-000000000000' })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await oauth(integrations.headers, { ...body, orgId: gamma }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(fieldsOf(await oauth(integrations.headers, {}))).toEqual(
      expect.arrayContaining(['body.userId', 'body.provider', 'body.accessToken']),
    );
  });

  it('deletes by id for services, narrowed to the owner when userId is given', async () => {
    const id = (
      await oauth(integrations.headers, { userId: d.id, provider: 'github', accessToken: 'gho_deleteme' })
    ).json().credentialId;
    const del = (query: string, headers?: Record<string, string>) =>
      h.app.inject({ method: 'DELETE', url: `/api/internal/credentials/${id}${query}`, ...(headers && { headers }) });
    expect(refusalOf(await del(''))).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await del('', d.headers))).toEqual({ status: 403, code: 'capability_required' });
    expect(refusalOf(await del(`?userId=${c.id}`, integrations.headers))).toEqual({ status: 404, code: 'not_found' });
    expect((await del(`?userId=${d.id}`, integrations.headers)).json()).toEqual({
      success: true,
      message: 'Credential deleted',
    });
    expect(refusalOf(await del('', integrations.headers))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('secrets stay out of logs', () => {
  it('never writes a secret to the log or the audit trail', async () => {
    // A refused body (validation error) must not carry the secret into the log either.
    const refused = await create(b.headers, {
      provider: 'bad provider!',
      name: 'x',
      apiKey: 'hf_RefusedBodySecret_999',
    });
    expect(refusalOf(refused)).toEqual({ status: 400, code: 'validation_failed' });
    expect(refused.body).not.toContain('hf_RefusedBodySecret_999');
    expect(h.logs.text()).not.toContain('hf_RefusedBodySecret_999');
    expect(h.logs.text()).not.toContain(ORG_SECRET);
    expect(h.logs.text()).not.toContain(PERSONAL_SECRET);
    expect(h.logs.text()).not.toContain('ya29.');
    const { rows } = await h.database.pool.query(
      "select metadata::text as m from identity.audit_logs where resource = 'credential'",
    );
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.map((r: { m: string }) => r.m).join('\n')).not.toMatch(/OrgWideSecret|PersonalSecret|ya29/);
  });
});
