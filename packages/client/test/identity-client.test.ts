import { afterAll, beforeAll, expect, it } from 'vitest';
import { createIdentityClient, SymbiaApiError } from '../src/index.js';
// The real identity service on a random port (STYLE 18: real collaborators).
import {
  serviceSession,
  startIdentity,
  type Harness,
} from '../../../services/identity/test/helpers/identity-harness.js';

let h: Harness;
let baseUrl: string;
beforeAll(async () => {
  h = await startIdentity();
  baseUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => h.close());

it('logs in, reads me, manages orgs and keys, and refreshes transparently when the access token is refused', async () => {
  const client = createIdentityClient({ baseUrl });
  await client.register({ email: 'sdk@x.io', password: 'longpass1', name: 'SDK' });
  const me = await client.login('sdk@x.io', 'longpass1');
  expect(me.email).toBe('sdk@x.io');
  const org = await client.orgs.create({ name: 'SDK Org', slug: 'sdk-org' });
  expect((await client.orgs.list()).map((o) => o.id)).toEqual([org.id]);
  const key = await client.keys.create({ name: 'ci', scopes: ['read'] });
  expect(key.key).toMatch(/^sk_/);
  expect((await client.keys.rotate(key.id)).rotatedFrom).toBe(key.id);

  // A stale access token (e.g. after a restart of the caller) is replaced through the refresh token.
  let rotations = 0;
  const resumed = createIdentityClient({
    baseUrl,
    session: { token: 'expired.token.value', refreshToken: (await client.refresh()).refreshToken },
    onTokens: () => (rotations += 1),
  });
  expect((await resumed.me()).email).toBe('sdk@x.io');
  expect(rotations).toBe(1);

  await resumed.logout();
  await expect(resumed.me()).rejects.toBeInstanceOf(SymbiaApiError);
});

it('registers and logs in agents, and keeps vault secrets out of user-facing answers while services can resolve them', async () => {
  const assistants = createIdentityClient({
    baseUrl,
    session: { token: (await serviceSession(h.app, 'assistants')).token, refreshToken: '' },
  });
  const credential = 'k'.repeat(40);
  const registered = await assistants.agents.register({
    agentId: 'assistant:sdk',
    credential,
    name: 'SDK agent',
    capabilities: ['cap:messaging.send'],
  });
  expect(registered.agentId).toBe('assistant:sdk');

  const agent = createIdentityClient({ baseUrl });
  expect((await agent.agents.login('assistant:sdk', credential)).capabilities).toEqual(['cap:messaging.send']);
  expect((await agent.agents.me()).agentId).toBe('assistant:sdk');
  await expect(agent.me()).rejects.toMatchObject({ status: 403 });

  const user = createIdentityClient({ baseUrl });
  await user.register({ email: 'vault@x.io', password: 'longpass1', name: 'Vault' });
  const me = await user.me();
  const created = await user.credentials.create({
    provider: 'huggingface',
    name: 'HF',
    apiKey: 'hf_sdk_secret_value_0123456789',
  });
  expect(JSON.stringify(await user.credentials.list())).not.toContain('hf_sdk_secret_value_0123456789');
  await expect(user.credentials.resolve({ userId: me.id, provider: 'huggingface' })).rejects.toMatchObject({
    status: 403,
  });

  const integrations = createIdentityClient({
    baseUrl,
    session: { token: (await serviceSession(h.app, 'integrations')).token, refreshToken: '' },
  });
  expect((await integrations.credentials.resolve({ userId: me.id, provider: 'huggingface' })).apiKey).toBe(
    'hf_sdk_secret_value_0123456789',
  );
  expect((await integrations.credentials.byId(created.id)).credentialId).toBe(created.id);
  await user.credentials.delete(created.id);
  await expect(integrations.credentials.byId(created.id)).rejects.toMatchObject({ status: 404 });
});

it("lists an org's agents and registers, resolves and binds directory entities", async () => {
  const admin = createIdentityClient({ baseUrl });
  await admin.register({ email: 'dir@x.io', password: 'longpass1', name: 'Dir' });
  const org = await admin.orgs.create({ name: 'Dir Org', slug: 'dir-org' });
  const credential = 'd'.repeat(40);
  const agent = await admin.agents.register({
    agentId: 'assistant:dir-bot',
    credential,
    name: 'Dir bot',
    orgId: org.id,
  });
  expect(await admin.agents.list({ orgId: org.id })).toMatchObject({
    count: 1,
    agents: [{ id: agent.id, agentId: 'assistant:dir-bot' }],
  });
  expect((await admin.agents.get(agent.id)).orgId).toBe(org.id);

  const entity = await admin.entities.create({
    type: 'assistant',
    slug: 'dir-bot',
    displayName: 'Dir bot',
    orgId: org.id,
  });
  expect(entity.id).toMatch(/^ent_/);
  expect((await admin.entities.resolve('@dir-bot', { orgId: org.id })).map((e) => e.id)).toEqual([entity.id]);
  await expect(admin.entities.resolve('dir-b', { orgId: org.id })).rejects.toMatchObject({
    status: 404,
    details: { suggestions: ['dir-bot'] },
  });
  expect((await admin.entities.bind(entity.id, 'node-dir')).boundNodeId).toBe('node-dir');
  expect((await admin.entities.byNode('node-dir')).id).toBe(entity.id);
  expect((await admin.entities.update(entity.id, { tags: ['sdk'] })).tags).toEqual(['sdk']);
  expect((await admin.entities.list({ orgId: org.id })).count).toBe(1);
  expect((await admin.entities.unbind(entity.id)).boundNodeId).toBeNull();

  const stranger = createIdentityClient({ baseUrl });
  await stranger.register({ email: 'stranger@x.io', password: 'longpass1', name: 'Stranger' });
  await expect(stranger.entities.get(entity.id)).rejects.toMatchObject({ status: 404 });
  await expect(stranger.agents.list({ orgId: org.id })).rejects.toMatchObject({ status: 404 });
});
