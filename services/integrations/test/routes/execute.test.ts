import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { executionLogs } from '../../src/db/schema.js';
import {
  bearer,
  contentOf,
  eventually,
  readFrames,
  startIntegrations,
  type Harness,
  type IntegrationsInstance,
  type OrgSession,
  type Session,
} from '../helpers/integrations-harness.js';
import { refusalOfResponse, TEST_USER_PASSWORD } from '@symbia/testing';

/** A refusal from a fetch Response as `{ status, code }` (the body is read from a clone). */
// Real identity with its real vault (keys stored through identity's API), real PostgreSQL; LLM providers faked.
let h: Harness;
let alice: OrgSession; // admin of Acme, personal HuggingFace key
let bob: OrgSession; // admin of Globex, org-wide OpenAI key for Globex
let carol: Session; // member of Globex, no key of her own
let aliceHfCredential: string;
let globexOpenAiCredential: string;

const KEYS = { aliceHf: 'hf_alice_personal_01', globexOpenAi: 'sk-globex-org-wide-01', bobHf: 'hf_bob_personal_0001' };

const post = (instance: IntegrationsInstance, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${instance.url}/api/integrations/execute`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
const chat = (provider: string, model: string, extra: Record<string, unknown> = {}) => ({
  provider,
  operation: 'chat.completions',
  params: { model, prompt: 'Hi' },
  ...extra,
});
const json = async (res: Response) => (await res.json()) as Record<string, unknown>;
const logRow = (requestId: string) =>
  eventually(
    async () => (await h.database.db.select().from(executionLogs).where(eq(executionLogs.requestId, requestId)))[0],
  );

beforeAll(async () => {
  h = await startIntegrations();
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  const c = await h.registerOrgAdmin('Carol Co');
  carol = await h.addMember(bob, bob.orgId, c.email, 'member');
  aliceHfCredential = await h.storeCredential(alice, { provider: 'huggingface', apiKey: KEYS.aliceHf });
  globexOpenAiCredential = await h.storeCredential(bob, {
    provider: 'openai',
    apiKey: KEYS.globexOpenAi,
    isOrgWide: true,
    orgId: bob.orgId,
  });
  h.fake.validKeys.add(KEYS.aliceHf).add(KEYS.globexOpenAi).add(KEYS.bobHf);
});
afterAll(() => h?.close());

describe('POST /api/integrations/execute: authentication', () => {
  it('refuses anonymous callers (401) and service principals, which use the internal endpoint (403)', async () => {
    const anonymous = await post(h.main, chat('huggingface', 'ok'));
    expect(await refusalOfResponse(anonymous)).toEqual({ status: 401, code: 'authentication_required' });
    expect(await json(anonymous)).toMatchObject({ success: false, category: 'auth', requestId: expect.any(String) });
    // Authentication comes before the body is even parsed.
    expect(await refusalOfResponse(await post(h.main, { nonsense: true }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    const service = await post(h.main, chat('huggingface', 'ok'), bearer(await h.serviceToken('messaging')));
    expect(await refusalOfResponse(service)).toEqual({ status: 403, code: 'services_use_internal_execute' });
    expect((await json(service)).code).toBe('services_use_internal_execute');
  });
});

describe('POST /api/integrations/execute: keys from the vault', () => {
  it("uses the caller's personal key, streams, and records who paid", async () => {
    const res = await post(h.main, chat('huggingface', 'personal-key', { stream: true }), alice.headers);
    expect(res.status).toBe(200);
    expect(contentOf(await readFrames(res))).toBe('Hello from the fake');
    expect(h.fake.requestsFor('personal-key')[0]!.headers.authorization).toBe(`Bearer ${KEYS.aliceHf}`);
    expect(await logRow(res.headers.get('x-request-id')!)).toMatchObject({
      orgId: alice.orgId,
      callerType: 'user',
      callerId: alice.id,
      credentialSource: 'personal',
      credentialId: aliceHfCredential,
      isProxy: false,
      success: true,
    });
  });

  it('answers one wrapped JSON document without stream', async () => {
    const res = await post(h.main, chat('huggingface', 'ok'), alice.headers);
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({
      success: true,
      data: { provider: 'huggingface', content: 'Hello from the fake', finishReason: 'stop' },
      requestId: res.headers.get('x-request-id'),
    });
  });

  it('uses the org-wide key of the org named by X-Org-Id for a member without one, recorded as proxy usage', async () => {
    // Carol's token defaults to her own org (no key there); X-Org-Id picks Globex, where she is a member.
    expect(await refusalOfResponse(await post(h.main, chat('openai', 'org-wide'), carol.headers))).toEqual({
      status: 401,
      code: 'credential_not_configured',
    });
    const res = await post(h.main, chat('openai', 'org-wide'), { ...carol.headers, 'x-org-id': bob.orgId });
    expect(res.status).toBe(200);
    expect(h.fake.requestsFor('org-wide')[0]!.headers.authorization).toBe(`Bearer ${KEYS.globexOpenAi}`);
    expect(await logRow(res.headers.get('x-request-id')!)).toMatchObject({
      credentialSource: 'org-wide',
      credentialId: globexOpenAiCredential,
      credentialOwnerId: bob.id,
      isProxy: true,
    });
  });

  it('says which key is missing, without calling the provider', async () => {
    const res = await post(h.main, chat('anthropic', 'missing-key'), alice.headers);
    expect(await refusalOfResponse(res)).toEqual({ status: 401, code: 'credential_not_configured' });
    const body = await json(res);
    expect(body).toMatchObject({ code: 'credential_not_configured', category: 'auth', retryable: false });
    expect(body.error).toContain('No anthropic API key configured');
    expect(h.fake.requestsFor('missing-key').length).toBe(0);
  });

  it('answers 401 when the provider rejects the stored key, streaming or not', async () => {
    await h.storeCredential(bob, { provider: 'anthropic', apiKey: 'sk-ant-revoked-key-01' });
    for (const stream of [false, true]) {
      const res = await post(h.main, chat('anthropic', 'ok', { stream }), bob.headers);
      expect(await refusalOfResponse(res)).toEqual({ status: 401, code: 'provider_key_rejected' });
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({
        code: 'provider_key_rejected',
        provider: 'anthropic',
        upstream: { status: 401 },
      });
      expect(text).not.toContain('sk-ant-revoked-key-01');
    }
    expect(h.main.logs.text()).not.toContain('sk-ant-revoked-key-01');
  });
});

describe('POST /api/integrations/execute: tenant isolation', () => {
  it("never uses another org's or another user's key", async () => {
    // Globex's org-wide OpenAI key is not Acme's.
    const noKey = await post(h.main, chat('openai', 'iso-1'), alice.headers);
    expect(await refusalOfResponse(noKey)).toEqual({ status: 401, code: 'credential_not_configured' });
    // Alice's personal HuggingFace key is not Bob's.
    expect(await refusalOfResponse(await post(h.main, chat('huggingface', 'iso-1'), bob.headers))).toEqual({
      status: 401,
      code: 'credential_not_configured',
    });
    expect(h.fake.requestsFor('iso-1').length).toBe(0);
  });

  it("refuses an org the caller is not a member of (403) and another tenant's credentialId (404)", async () => {
    const otherOrg = await post(h.main, chat('openai', 'iso-2'), { ...alice.headers, 'x-org-id': bob.orgId });
    expect(await refusalOfResponse(otherOrg)).toEqual({ status: 403, code: 'not_org_member' });
    expect((await json(otherOrg)).code).toBe('not_org_member');
    const stolen = await post(h.main, chat('openai', 'iso-2', { credentialId: globexOpenAiCredential }), alice.headers);
    expect(await refusalOfResponse(stolen)).toEqual({ status: 404, code: 'credential_not_found' });
    expect((await json(stolen)).code).toBe('credential_not_found');
    const someoneElses = await post(h.main, chat('huggingface', 'iso-2', { credentialId: aliceHfCredential }), {
      ...carol.headers,
      'x-org-id': bob.orgId,
    });
    expect(await refusalOfResponse(someoneElses)).toEqual({ status: 404, code: 'credential_not_found' });
    expect(h.fake.requestsFor('iso-2').length).toBe(0);
  });

  it("honours a credentialId that is the caller's own or org-wide in their org, and checks its provider", async () => {
    expect(
      (
        await post(h.main, chat('openai', 'by-id', { credentialId: globexOpenAiCredential }), {
          ...carol.headers,
          'x-org-id': bob.orgId,
        })
      ).status,
    ).toBe(200);
    const wrongProvider = await post(
      h.main,
      chat('anthropic', 'by-id', { credentialId: aliceHfCredential }),
      alice.headers,
    );
    expect(await refusalOfResponse(wrongProvider)).toEqual({ status: 400, code: 'validation_failed' });
    expect((await json(wrongProvider)).details).toEqual([
      { field: 'body.credentialId', message: 'is a huggingface credential, not anthropic' },
    ]);
  });

  it("stops spending the org's keys for a member removed from the org, with a fresh token (403 / 404)", async () => {
    const identity = async (
      method: 'POST' | 'DELETE',
      path: string,
      body: unknown,
      headers: Record<string, string>,
    ) => {
      const res = await fetch(`${h.identityUrl}${path}`, {
        method,
        headers: { ...headers, ...(body !== undefined && { 'content-type': 'application/json' }) },
        ...(body !== undefined && { body: JSON.stringify(body) }),
      });
      expect(res.status).toBe(200);
      return (await res.json()) as Record<string, unknown>;
    };
    const login = async (email: string) =>
      bearer(
        ((await identity('POST', '/api/auth/login', { email, password: TEST_USER_PASSWORD }, {})) as { token: string })
          .token,
      );
    const dave = await h.registerOrgAdmin('Dave Co');
    const membership = await identity(
      'POST',
      `/api/orgs/${bob.orgId}/members/invite`,
      { email: dave.email, role: 'member' },
      bob.headers,
    );
    const member = await login(dave.email);
    expect((await post(h.main, chat('openai', 'removed'), { ...member, 'x-org-id': bob.orgId })).status).toBe(200);

    await identity('DELETE', `/api/orgs/${bob.orgId}/members/${membership.id as string}`, undefined, bob.headers);
    const removed = await login(dave.email);
    const byOrg = await post(h.main, chat('openai', 'removed'), { ...removed, 'x-org-id': bob.orgId });
    expect(await refusalOfResponse(byOrg)).toEqual({ status: 403, code: 'not_org_member' });
    expect((await json(byOrg)).code).toBe('not_org_member');
    const byId = await post(h.main, chat('openai', 'removed', { credentialId: globexOpenAiCredential }), removed);
    expect(await refusalOfResponse(byId)).toEqual({ status: 404, code: 'credential_not_found' });
    expect((await json(byId)).code).toBe('credential_not_found');
    const ownOrg = await post(h.main, chat('openai', 'removed'), removed);
    expect(await refusalOfResponse(ownOrg)).toEqual({ status: 401, code: 'credential_not_configured' });
    expect((await json(ownOrg)).code).toBe('credential_not_configured');
    expect(h.fake.requestsFor('removed').length).toBe(1);
  });

  it("lets an agent of the org use the org's key by credentialId", async () => {
    const agent = (await (
      await fetch(`${h.identityUrl}/api/auth/agent/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...bob.headers },
        body: JSON.stringify({
          agentId: `assistant:${randomBytes(3).toString('hex')}`,
          credential: randomBytes(24).toString('hex'),
          name: 'Helper',
          orgId: bob.orgId,
        }),
      })
    ).json()) as { token: string };
    const res = await post(
      h.main,
      chat('openai', 'agent', { credentialId: globexOpenAiCredential }),
      bearer(agent.token),
    );
    expect(res.status).toBe(200);
    expect(await logRow(res.headers.get('x-request-id')!)).toMatchObject({
      callerType: 'agent',
      orgId: bob.orgId,
      isProxy: true,
    });
  });
});

describe("POST /api/integrations/execute: agents and their org's keys", () => {
  const registerAgent = async (admin: OrgSession) =>
    (await (
      await fetch(`${h.identityUrl}/api/auth/agent/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...admin.headers },
        body: JSON.stringify({
          agentId: `assistant:${randomBytes(3).toString('hex')}`,
          credential: randomBytes(24).toString('hex'),
          name: 'Worker',
          orgId: admin.orgId,
        }),
      })
    ).json()) as { token: string; agent: { id: string } };

  it("gives an agent its org's org-wide key without a credentialId, recorded as proxy usage", async () => {
    const agent = await registerAgent(bob);
    const res = await post(h.main, chat('openai', 'agent-org-wide'), bearer(agent.token));
    expect(res.status).toBe(200);
    expect(h.fake.requestsFor('agent-org-wide')[0]!.headers.authorization).toBe(`Bearer ${KEYS.globexOpenAi}`);
    expect(await logRow(res.headers.get('x-request-id')!)).toMatchObject({
      callerType: 'agent',
      callerId: agent.agent.id,
      orgId: bob.orgId,
      credentialSource: 'org-wide',
      credentialId: globexOpenAiCredential,
      credentialOwnerId: bob.id,
      isProxy: true,
    });
  });

  it("never gives an agent of another org that org's key", async () => {
    const agent = await registerAgent(alice);
    const own = await post(h.main, chat('openai', 'agent-other-org'), bearer(agent.token));
    expect(await refusalOfResponse(own)).toEqual({ status: 401, code: 'credential_not_configured' });
    expect((await json(own)).code).toBe('credential_not_configured');
    expect(
      await refusalOfResponse(
        await post(h.main, chat('openai', 'agent-other-org'), { ...bearer(agent.token), 'x-org-id': bob.orgId }),
      ),
    ).toEqual({ status: 403, code: 'not_org_member' });
    expect(
      await refusalOfResponse(
        await post(
          h.main,
          chat('openai', 'agent-other-org', { credentialId: globexOpenAiCredential }),
          bearer(agent.token),
        ),
      ),
    ).toEqual({ status: 404, code: 'credential_not_found' });
    expect(h.fake.requestsFor('agent-other-org').length).toBe(0);
  });
});

describe('POST /api/integrations/execute: SSRF guard on caller-influenced URLs', () => {
  it('refuses a credential baseUrl aimed at metadata, private or loopback addresses, without connecting', async () => {
    const user = await h.registerOrgAdmin('Mallory');
    const loopback = `${h.fake.url}/openai/v1`;
    for (const baseUrl of ['http://169.254.169.254/latest', 'https://10.0.0.5/v1', loopback, 'https://localhost/v1']) {
      const id = await h.storeCredential(user, {
        provider: 'openai',
        apiKey: 'sk-mallory-key-0001',
        metadata: { baseUrl },
      });
      const res = await post(h.main, chat('openai', 'ssrf', { credentialId: id }), user.headers);
      expect(await refusalOfResponse(res), baseUrl).toEqual({ status: 400, code: 'outbound_url_not_allowed' });
      expect((await json(res)).code).toBe('outbound_url_not_allowed');
    }
    expect(h.fake.requestsFor('ssrf').length).toBe(0);
  });

  it('reaches an allow-listed private host through the guarded transport', async () => {
    const user = await h.registerOrgAdmin('Self-hosted');
    h.fake.validKeys.add('sk-self-hosted-key-01');
    await h.storeCredential(user, {
      provider: 'openai',
      apiKey: 'sk-self-hosted-key-01',
      metadata: { baseUrl: `${h.fake.url}/openai/v1` },
    });
    const allowing = await h.start({ INTEGRATIONS_ALLOWED_PRIVATE_HOSTS: new URL(h.fake.url).host });
    const res = await post(allowing, chat('openai', 'self-hosted', { stream: true }), user.headers);
    expect(res.status).toBe(200);
    expect(contentOf(await readFrames(res))).toBe('Hello from the fake');
  });
});

describe('POST /api/integrations/execute: limits and isolation of failures', () => {
  it('limits calls per org across replicas sharing the database', async () => {
    const env = { RATE_LIMIT_ORG: '2' };
    const [first, second] = [await h.start(env), await h.start(env)];
    const org = await h.registerOrgAdmin('Limited');
    h.fake.validKeys.add('hf_limited_key_00001');
    await h.storeCredential(org, { provider: 'huggingface', apiKey: 'hf_limited_key_00001' });
    expect((await post(first, chat('huggingface', 'limited'), org.headers)).status).toBe(200);
    expect((await post(second, chat('huggingface', 'limited'), org.headers)).status).toBe(200);
    const refused = await post(first, chat('huggingface', 'limited'), org.headers);
    expect(await refusalOfResponse(refused)).toEqual({ status: 429, code: 'org_rate_limited' });
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await json(refused)).toMatchObject({ code: 'org_rate_limited', category: 'rate_limit', retryable: true });
    expect(h.fake.requestsFor('limited').length).toBe(2);
    // Another org has its own budget.
    const other = await h.registerOrgAdmin('Unlimited');
    await h.storeCredential(other, { provider: 'huggingface', apiKey: 'hf_limited_key_00001' });
    expect((await post(first, chat('huggingface', 'limited-other'), other.headers)).status).toBe(200);
  });

  it("opens the circuit for one tenant's failing key without blocking another tenant", async () => {
    const strict = await h.start({ CIRCUIT_BREAKER_THRESHOLD: '1', LLM_MAX_RETRIES: '0' });
    await h.storeCredential(bob, { provider: 'huggingface', apiKey: KEYS.bobHf });
    expect(await refusalOfResponse(await post(strict, chat('huggingface', 'down'), alice.headers))).toEqual({
      status: 502,
      code: 'provider_error',
    });
    const open = await post(strict, chat('huggingface', 'down'), alice.headers);
    expect(await refusalOfResponse(open)).toEqual({ status: 503, code: 'circuit_open' });
    expect((await json(open)).code).toBe('circuit_open');
    expect((await post(strict, chat('huggingface', 'ok'), bob.headers)).status).toBe(200);
  });
});

describe('POST /api/integrations/execute: input', () => {
  it('rejects malformed input and a malformed X-Org-Id with 400 naming the field', async () => {
    const cases: [unknown, Record<string, string>, string][] = [
      [{ provider: 'huggingface', params: { prompt: 'Hi', maxTokens: -1 } }, {}, 'body.params.maxTokens'],
      [{ provider: 'huggingface', params: { prompt: 'Hi' }, credentialId: 'nope' }, {}, 'body.credentialId'],
      [
        { provider: 'huggingface', params: { prompt: 'Hi', messages: [{ role: 'user', content: 'x' }] } },
        {},
        'body.params.prompt',
      ],
      [{ provider: 'huggingface', params: { prompt: 'Hi' } }, { 'x-org-id': 'not-a-uuid' }, 'headers.x-org-id'],
    ];
    for (const [body, headers, field] of cases) {
      const res = await post(h.main, body, { ...alice.headers, ...headers });
      expect(await refusalOfResponse(res), field).toEqual({ status: 400, code: 'validation_failed' });
      expect(
        ((await json(res)).details as { field: string }[]).map((d) => d.field),
        field,
      ).toContain(field);
    }
    const notJson = await fetch(`${h.main.url}/api/integrations/execute`, {
      method: 'POST',
      headers: { ...alice.headers, 'content-type': 'application/json' },
      body: '{"provider":',
    });
    expect(await refusalOfResponse(notJson)).toEqual({ status: 400, code: 'invalid_json' });
    expect(await json(notJson)).toMatchObject({ code: 'invalid_json', category: 'validation' });
  });
});
