import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCredential,
  bearer,
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
let b: Session & { email: string };
let viewer: Session & { email: string };
let member: Session & { email: string };
let d: Session & { email: string };
let beta: string;
let delta: string;
let assistants: { headers: { authorization: string } };

type Headers = Record<string, string> | undefined;
const post = (url: string, headers: Headers, payload?: Record<string, unknown>) =>
  h.app.inject({ method: 'POST', url, ...(headers && { headers }), ...(payload && { payload }) });
const get = (url: string, headers: Headers) => h.app.inject({ method: 'GET', url, ...(headers && { headers }) });
const create = (headers: Headers, payload: Record<string, unknown>) => post('/api/entities', headers, payload);
const resolve = (headers: Headers, payload: Record<string, unknown>) => post('/api/entities/resolve', headers, payload);

async function agentSession(headers: Record<string, string>, agentId: string, orgId?: string) {
  const credential = agentCredential();
  const res = await post('/api/auth/agent/register', headers, {
    agentId,
    credential,
    name: agentId,
    ...(orgId && { orgId }),
  });
  if (res.statusCode !== 200) throw new Error(`agent register failed: ${res.body}`);
  const token = (await post('/api/auth/agent/login', undefined, { agentId, credential })).json().token as string;
  return { id: res.json().agent.id as string, headers: bearer(token) };
}

beforeAll(async () => {
  h = await startIdentity(withRoot);
  root = await loginRoot(h.app);
  [b, viewer, member, d] = [
    await registerUser(h.app),
    await registerUser(h.app),
    await registerUser(h.app),
    await registerUser(h.app),
  ];
  beta = (await post('/api/orgs', b.headers, { name: 'Beta', slug: 'beta' })).json().id;
  delta = (await post('/api/orgs', d.headers, { name: 'Delta', slug: 'delta' })).json().id;
  await post(`/api/orgs/${beta}/members/invite`, b.headers, { email: viewer.email, role: 'viewer' });
  await post(`/api/orgs/${beta}/members/invite`, b.headers, { email: member.email, role: 'member' });
  assistants = await serviceSession(h.app, 'assistants');
});
afterAll(() => h.close());

describe('POST /api/entities', () => {
  it('creates an entity with an ent_ id (201) and refuses the same address again (409 with existingId)', async () => {
    const res = await create(b.headers, {
      type: 'assistant',
      slug: 'log-analyst',
      displayName: 'Log Analyst',
      orgId: beta,
      capabilities: ['cap:logs.read'],
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      id: expect.stringMatching(/^ent_[0-9a-f-]{36}$/),
      slug: 'log-analyst',
      orgId: beta,
      status: 'active',
      boundNodeId: null,
    });
    const again = await create(member.headers, {
      type: 'assistant',
      slug: 'log-analyst',
      displayName: 'Copy',
      orgId: beta,
    });
    expect(refusalOf(again)).toEqual({ status: 409, code: 'entity_exists' });
    expect(again.json()).toMatchObject({
      error: 'Entity with this slug already exists',
      details: { existingId: res.json().id },
    });
    // The same slug in another org, or as another instance, is a different address.
    expect(
      (await create(d.headers, { type: 'assistant', slug: 'log-analyst', displayName: 'Theirs', orgId: delta }))
        .statusCode,
    ).toBe(201);
    expect(
      (
        await create(b.headers, {
          type: 'assistant',
          slug: 'log-analyst',
          displayName: 'Second',
          orgId: beta,
          instanceId: 'i2',
        })
      ).statusCode,
    ).toBe(201);
  });

  it('keeps global entities to the platform: users 403, platform agents and super admins allowed, duplicates 409', async () => {
    expect(refusalOf(await create(b.headers, { type: 'service', slug: 'global-b', displayName: 'G' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    const platformAgent = await agentSession(assistants.headers, 'assistant:platform');
    expect(
      (await create(platformAgent.headers, { type: 'assistant', slug: 'helper', displayName: 'Helper' })).statusCode,
    ).toBe(201);
    expect((await create(root.headers, { type: 'service', slug: 'helper', displayName: 'Again' })).statusCode).toBe(
      409,
    );
    const betaAgent = await agentSession(b.headers, 'agent:beta-helper', beta);
    expect((await create(betaAgent.headers, { type: 'service', slug: 'squat', displayName: 'Squat' })).statusCode).toBe(
      403,
    );
    expect(
      (await create(betaAgent.headers, { type: 'service', slug: 'beta-svc', displayName: 'Beta svc', orgId: beta }))
        .statusCode,
    ).toBe(201);
  });

  it('answers 401 without a token, 404 for another org, 403 for viewers and 400 naming malformed fields', async () => {
    expect(refusalOf(await create(undefined, { type: 'assistant', slug: 'x', displayName: 'X' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(
      refusalOf(await create(d.headers, { type: 'assistant', slug: 'intruder', displayName: 'X', orgId: beta })),
    ).toEqual({ status: 404, code: 'not_found' });
    expect(
      refusalOf(await create(viewer.headers, { type: 'assistant', slug: 'peek', displayName: 'X', orgId: beta })),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(fieldsOf(await create(b.headers, {}))).toEqual(
      expect.arrayContaining(['body.type', 'body.slug', 'body.displayName']),
    );
    expect(
      fieldsOf(
        await create(b.headers, {
          type: 'galaxy',
          slug: 'Bad Slug',
          displayName: 'X',
          orgId: 'nope',
          instanceId: 'a#b',
        }),
      ),
    ).toEqual(expect.arrayContaining(['body.type', 'body.slug', 'body.orgId', 'body.instanceId']));
  });

  it('links an entity to a principal only for that principal itself or the platform', async () => {
    expect(
      refusalOf(
        await create(b.headers, {
          type: 'user',
          slug: 'not-me',
          displayName: 'X',
          orgId: beta,
          sourceTable: 'users',
          sourceId: d.id,
        }),
      ),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(
      (
        await create(b.headers, {
          type: 'user',
          slug: 'me-b',
          displayName: 'B',
          orgId: beta,
          sourceTable: 'users',
          sourceId: b.id,
        })
      ).statusCode,
    ).toBe(201);
    expect(
      refusalOf(
        await create(b.headers, {
          type: 'user',
          slug: 'me-b-again',
          displayName: 'B',
          orgId: beta,
          sourceTable: 'users',
          sourceId: b.id,
        }),
      ),
    ).toEqual({ status: 409, code: 'entity_exists' });
    expect(
      fieldsOf(
        await create(b.headers, { type: 'user', slug: 'half', displayName: 'B', orgId: beta, sourceTable: 'users' }),
      ),
    ).toContain('body.sourceId');
  });
});

describe('POST /api/entities/resolve', () => {
  let analyst: string;
  beforeAll(async () => {
    analyst = (await get(`/api/entities?orgId=${beta}&slug=log-analyst`, b.headers))
      .json()
      .entities.find((e: { instanceId: string | null }) => e.instanceId === null).id;
  });

  it('resolves @slug, type:slug, slug#instance and ent_ ids within the context org', async () => {
    const bySlug = await resolve(b.headers, { address: '@log-analyst', orgId: beta });
    expect(bySlug.statusCode, bySlug.body).toBe(200);
    expect(bySlug.json()).toMatchObject({ count: 1, address: '@log-analyst', resolved: { id: analyst } });
    // type:slug names every instance, the plain entity first; the @slug alias above belongs to the first one.
    const typed = (await resolve(b.headers, { address: 'assistant:log-analyst', orgId: beta })).json();
    expect(typed.count).toBe(2);
    expect(typed.resolved.map((e: { id: string; instanceId: string | null }) => e.instanceId)).toEqual([null, 'i2']);
    expect(typed.resolved[0].id).toBe(analyst);
    expect((await resolve(b.headers, { address: 'log-analyst#i2', orgId: beta })).json().resolved).toMatchObject({
      instanceId: 'i2',
    });
    expect((await resolve(b.headers, { address: analyst })).json().resolved.id).toBe(analyst);
    // X-Org-Id works as the context too; it is checked against the caller like the body field.
    expect((await resolve({ ...b.headers, 'x-org-id': beta }, { address: '@log-analyst' })).json().count).toBe(1);
  });

  it("prefers the context org over a global entity of the same name, and sees only the caller's orgs without one", async () => {
    expect(
      (await create(root.headers, { type: 'service', slug: 'support', displayName: 'Global support' })).statusCode,
    ).toBe(201);
    expect(
      (await create(b.headers, { type: 'service', slug: 'support', displayName: 'Beta support', orgId: beta }))
        .statusCode,
    ).toBe(201);
    const res = (await resolve(b.headers, { address: '@support', orgId: beta })).json();
    expect(res.count).toBe(2);
    expect(res.resolved.map((e: { displayName: string }) => e.displayName)).toEqual(['Beta support', 'Global support']);
    // d (Delta) does not see Beta's analyst: only Delta's own and global ones.
    const theirs = (await resolve(d.headers, { address: '@log-analyst' })).json();
    expect(theirs).toMatchObject({ count: 1, resolved: { orgId: delta } });
    expect(refusalOf(await resolve(d.headers, { address: analyst }))).toEqual({
      status: 404,
      code: 'entity_not_found',
    });
  });

  it("answers 404 with suggestions, 404 for another org's context, 400 naming body.address and 401 anonymously", async () => {
    const miss = await resolve(b.headers, { address: 'log-anal', orgId: beta });
    expect(refusalOf(miss)).toEqual({ status: 404, code: 'entity_not_found' });
    expect(miss.json()).toMatchObject({
      error: 'Entity not found',
      details: { address: 'log-anal', suggestions: expect.arrayContaining(['log-analyst']) },
    });
    expect(miss.json().details.suggestions.length).toBeLessThanOrEqual(5);
    expect(refusalOf(await resolve(d.headers, { address: '@log-analyst', orgId: beta }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(fieldsOf(await resolve(b.headers, {}))).toContain('body.address');
    expect(fieldsOf(await resolve({ ...b.headers, 'x-org-id': 'nope' }, { address: 'x' }))).toContain(
      'headers.x-org-id',
    );
    expect(refusalOf(await resolve(undefined, { address: 'x' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
  });
});

describe('reading and changing entities', () => {
  it("lists global entities and the caller's orgs' only (super admins: all), with filters, paging and a total", async () => {
    const mine = (await get('/api/entities?limit=200', b.headers)).json();
    const orgsSeen = new Set(mine.entities.map((e: { orgId: string | null }) => e.orgId));
    expect([...orgsSeen].sort()).toEqual([beta, null].sort());
    expect(mine.count).toBe(mine.entities.length);
    expect(refusalOf(await get(`/api/entities?orgId=${delta}`, b.headers))).toEqual({ status: 404, code: 'not_found' });
    const all = (await get('/api/entities?limit=200', root.headers))
      .json()
      .entities.map((e: { orgId: string | null }) => e.orgId);
    expect(all).toEqual(expect.arrayContaining([beta, delta, null]));
    const page = (await get(`/api/entities?orgId=${beta}&type=assistant&limit=1&offset=1`, viewer.headers)).json();
    expect(page).toMatchObject({ count: 2, entities: [{ slug: 'log-analyst' }] });
    expect(refusalOf(await get('/api/entities', undefined))).toEqual({ status: 401, code: 'authentication_required' });
    expect(fieldsOf(await get('/api/entities?type=galaxy&limit=500', b.headers))).toEqual(
      expect.arrayContaining(['querystring.type', 'querystring.limit']),
    );
  });

  it('gets and patches an entity for its org (viewers read only); another org gets 404; omitted fields stay', async () => {
    const id = (
      await create(b.headers, { type: 'integration', slug: 'crm', displayName: 'CRM', orgId: beta, tags: ['sales'] })
    ).json().id;
    expect((await get(`/api/entities/${id}`, viewer.headers)).json()).toMatchObject({ slug: 'crm', tags: ['sales'] });
    expect(refusalOf(await get(`/api/entities/${id}`, d.headers))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await get(`/api/entities/${id}`, undefined))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await get('/api/entities/not-an-id', b.headers))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    const patch = (headers: Headers, payload: Record<string, unknown>) =>
      h.app.inject({ method: 'PATCH', url: `/api/entities/${id}`, ...(headers && { headers }), payload });
    const ok = await patch(member.headers, { displayName: 'CRM 2', status: 'inactive' });
    expect(ok.json()).toMatchObject({ displayName: 'CRM 2', status: 'inactive', tags: ['sales'] });
    expect(refusalOf(await patch(viewer.headers, { displayName: 'nope' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await patch(d.headers, { displayName: 'nope' }))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await patch(undefined, { displayName: 'nope' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await patch(b.headers, { status: 'gone', tags: 'x' }))).toEqual(
      expect.arrayContaining(['body.status', 'body.tags']),
    );
  });

  it('lets agents use the entities of their own org, and platform services read everything but write only with the capability', async () => {
    const betaAgent = await agentSession(b.headers, 'agent:beta-reader', beta);
    const betaEntity = (
      await create(b.headers, { type: 'service', slug: 'agent-visible', displayName: 'V', orgId: beta })
    ).json().id;
    const deltaEntity = (
      await create(d.headers, { type: 'service', slug: 'agent-hidden', displayName: 'H', orgId: delta })
    ).json().id;
    expect((await get(`/api/entities/${betaEntity}`, betaAgent.headers)).statusCode).toBe(200);
    expect(refusalOf(await get(`/api/entities/${deltaEntity}`, betaAgent.headers))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(
      (
        await h.app.inject({
          method: 'PATCH',
          url: `/api/entities/${betaEntity}`,
          headers: betaAgent.headers,
          payload: { tags: ['seen'] },
        })
      ).statusCode,
    ).toBe(200);

    const messaging = await serviceSession(h.app, 'messaging');
    expect((await get(`/api/entities/${deltaEntity}`, messaging.headers)).statusCode).toBe(200);
    expect((await resolve(messaging.headers, { address: '@agent-hidden', orgId: delta })).json().count).toBe(1);
    expect(
      refusalOf(await create(messaging.headers, { type: 'service', slug: 'by-messaging', displayName: 'M' })),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    const network = await serviceSession(h.app, 'network');
    expect(
      (await create(network.headers, { type: 'sandbox', slug: 'by-network', displayName: 'N', orgId: delta }))
        .statusCode,
    ).toBe(201);
  });
});

describe('node binding', () => {
  it('binds, finds by node, refuses a node bound elsewhere (409), and unbinds', async () => {
    const first = (
      await create(b.headers, { type: 'assistant', slug: 'bound-one', displayName: 'One', orgId: beta })
    ).json().id;
    const second = (
      await create(b.headers, { type: 'assistant', slug: 'bound-two', displayName: 'Two', orgId: beta })
    ).json().id;
    const bound = await post(`/api/entities/${first}/bind`, member.headers, { nodeId: 'node-1' });
    expect(bound.statusCode, bound.body).toBe(200);
    expect(bound.json()).toMatchObject({
      boundNodeId: 'node-1',
      boundAt: expect.any(String),
      lastSeenAt: expect.any(String),
    });
    expect((await get('/api/entities/by-node/node-1', viewer.headers)).json().id).toBe(first);
    expect(refusalOf(await get('/api/entities/by-node/node-1', d.headers))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await post(`/api/entities/${second}/bind`, b.headers, { nodeId: 'node-1' }))).toEqual({
      status: 409,
      code: 'node_already_bound',
    });
    expect((await post(`/api/entities/${first}/bind`, b.headers, { nodeId: 'node-1' })).statusCode).toBe(200);
    expect((await post(`/api/entities/${first}/unbind`, b.headers)).json()).toMatchObject({
      boundNodeId: null,
      boundAt: null,
    });
    expect((await get('/api/entities/by-node/node-1', b.headers)).json()).toMatchObject({
      error: 'No entity bound to this node',
    });
  });

  it('answers 401, 404 for another org, 403 for viewers and 400 naming body.nodeId', async () => {
    const id = (
      await create(b.headers, { type: 'assistant', slug: 'bind-guarded', displayName: 'G', orgId: beta })
    ).json().id;
    expect(refusalOf(await post(`/api/entities/${id}/bind`, undefined, { nodeId: 'n' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await post(`/api/entities/${id}/bind`, d.headers, { nodeId: 'n' }))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await post(`/api/entities/${id}/bind`, viewer.headers, { nodeId: 'n' }))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await post(`/api/entities/${id}/unbind`, d.headers))).toEqual({ status: 404, code: 'not_found' });
    expect(fieldsOf(await post(`/api/entities/${id}/bind`, b.headers, { nodeId: 'bad node!' }))).toContain(
      'body.nodeId',
    );
    expect(fieldsOf(await get('/api/entities/by-node/bad%20node', b.headers))).toContain('params.nodeId');
  });
});

describe('POST /api/entities/sync', () => {
  it('creates one entity per user and agent once (a second run creates none), without copying emails', async () => {
    const first = await post('/api/entities/sync', root.headers, { source: 'all' });
    expect(first.statusCode, first.body).toBe(200);
    expect(first.json().message).toBe('Sync completed');
    expect(first.json().created.users).toBeGreaterThanOrEqual(4);
    expect(first.json().created.agents).toBeGreaterThanOrEqual(3);
    expect((await post('/api/entities/sync', root.headers, { source: 'all' })).json().created).toEqual({
      users: 0,
      agents: 0,
    });

    const users = (await get('/api/entities?type=user&limit=200', d.headers)).json().entities;
    const dEntity = users.find((e: { sourceId: string }) => e.sourceId === d.id);
    expect(dEntity).toMatchObject({ orgId: null, sourceTable: 'users', slug: d.email.split('@')[0], metadata: {} });
    expect(JSON.stringify(users)).not.toContain('@example.test');
    const platform = (await get('/api/entities?slug=platform&limit=200', root.headers)).json().entities;
    expect(platform).toEqual([
      expect.objectContaining({
        type: 'assistant',
        orgId: null,
        sourceTable: 'agents',
        metadata: { agentId: 'assistant:platform' },
      }),
    ]);
  });

  it("shows a user's entity only to that user and the members of its orgs: another tenant lists, gets (404) and resolves none", async () => {
    const deltaAgent = await agentSession(d.headers, 'agent:delta-worker', delta);
    await post('/api/entities/sync', root.headers, { source: 'all' });
    const everything = (await get('/api/entities?limit=200', root.headers)).json().entities as {
      id: string;
      slug: string;
      orgId: string | null;
      sourceId: string | null;
    }[];
    const entityOf = (id: string) => everything.find((e) => e.sourceId === id)!;
    // b linked its own entity to Beta earlier; the viewer's comes from the sync, global.
    const [viewerEntity, dEntity, memberEntity, deltaAgentEntity] = [
      entityOf(viewer.id),
      entityOf(d.id),
      entityOf(member.id),
      entityOf(deltaAgent.id),
    ];
    expect(viewerEntity).toMatchObject({ orgId: null });
    expect(deltaAgentEntity).toMatchObject({ orgId: delta });

    const seenBy = async (headers: Record<string, string>) =>
      ((await get('/api/entities?limit=200', headers)).json().entities as { id: string }[]).map((e) => e.id);
    const bSees = await seenBy(b.headers);
    expect(bSees).toEqual(expect.arrayContaining([viewerEntity.id, memberEntity.id]));
    expect(bSees).not.toContain(dEntity.id);
    expect(bSees).not.toContain(deltaAgentEntity.id);
    const dSees = await seenBy(d.headers);
    expect(dSees).toEqual(expect.arrayContaining([dEntity.id, deltaAgentEntity.id]));
    for (const hidden of [viewerEntity.id, memberEntity.id, entityOf(b.id).id]) expect(dSees).not.toContain(hidden);
    // An agent of Delta reads the users of Delta only.
    const agentSees = await seenBy(deltaAgent.headers);
    expect(agentSees).toContain(dEntity.id);
    expect(agentSees).not.toContain(viewerEntity.id);

    const byId = await get(`/api/entities/${viewerEntity.id}`, d.headers);
    expect(refusalOf(byId)).toEqual({ status: 404, code: 'not_found' });
    expect(byId.json().code).toBe('not_found');
    expect((await get(`/api/entities/${viewerEntity.id}`, member.headers)).statusCode).toBe(200);
    expect(refusalOf(await get(`/api/entities/${viewerEntity.id}`, deltaAgent.headers))).toEqual({
      status: 404,
      code: 'not_found',
    });
    const byAddress = await resolve(d.headers, { address: `@${viewerEntity.slug}` });
    expect(refusalOf(byAddress)).toEqual({ status: 404, code: 'entity_not_found' });
    expect(byAddress.json().details.suggestions).not.toContain(viewerEntity.slug);
    expect(refusalOf(await resolve(d.headers, { address: viewerEntity.id }))).toEqual({
      status: 404,
      code: 'entity_not_found',
    });
    expect(
      (await resolve(member.headers, { address: `user:${viewerEntity.slug}`, orgId: beta })).json().resolved,
    ).toMatchObject({ id: viewerEntity.id });
    // Super admins and platform services still see every user.
    const messaging = await serviceSession(h.app, 'messaging');
    expect((await get(`/api/entities/${viewerEntity.id}`, messaging.headers)).statusCode).toBe(200);
    expect(await seenBy(root.headers)).toEqual(expect.arrayContaining([viewerEntity.id, dEntity.id]));
  });

  it("keeps an agent's entity in step with it: inactive when deactivated, gone when the agent is deleted", async () => {
    const agent = await agentSession(b.headers, 'agent:short-lived', beta);
    await post('/api/entities/sync', root.headers, { source: 'agents' });
    const find = async () => (await get(`/api/entities?orgId=${beta}&slug=short-lived`, b.headers)).json().entities;
    expect(await find()).toEqual([expect.objectContaining({ type: 'service', status: 'active' })]);
    await post(`/api/agents/${agent.id}/deactivate`, b.headers);
    expect(await find()).toEqual([expect.objectContaining({ status: 'inactive' })]);
    await h.app.inject({ method: 'DELETE', url: `/api/agents/${agent.id}`, headers: b.headers });
    expect(await find()).toEqual([]);
  });

  it('is for super admins only (403), 401 anonymously, 400 naming body.source', async () => {
    expect(refusalOf(await post('/api/entities/sync', b.headers, { source: 'all' }))).toEqual({
      status: 403,
      code: 'superadmin_required',
    });
    expect(refusalOf(await post('/api/entities/sync', undefined, { source: 'all' }))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(fieldsOf(await post('/api/entities/sync', root.headers, { source: 'galaxy' }))).toContain('body.source');
  });
});
