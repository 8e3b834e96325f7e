import { generateKeyPairSync, sign } from 'node:crypto';
import { createTestDatabase, startServices, type StartedServices, type TestDatabase } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createCatalogClient,
  createIdentityClient,
  signaturePayload,
  SymbiaApiError,
  type CatalogClient,
  type IdentityClient,
} from '../src/index.js';

// Real identity and catalog processes (STYLE 18); the SDK talks HTTP to them like the website and CLI do.
const PASSWORD = 'correct horse battery';
let database: TestDatabase;
let platform: StartedServices;
let adminIdentity: IdentityClient;
let admin: CatalogClient;
let anonymous: CatalogClient;

async function orgUser(name: string): Promise<{ catalog: CatalogClient; orgId: string }> {
  const identity = createIdentityClient({ baseUrl: platform.urls.identity! });
  const email = `${name.toLowerCase()}-${Date.now()}@example.test`;
  await identity.register({ email, password: PASSWORD, name, orgName: name });
  const me = await identity.login(email, PASSWORD);
  return {
    catalog: createCatalogClient({ baseUrl: platform.urls.catalog!, token: () => identity.accessToken() }),
    orgId: me.organizations[0]!.id,
  };
}

beforeAll(async () => {
  database = await createTestDatabase({ prefix: 'client_catalog' });
  platform = await startServices({
    services: ['identity', 'catalog'],
    databaseUrl: database.url,
    env: {
      SYMBIA_ADMIN_EMAIL: 'root@example.test',
      SYMBIA_ADMIN_PASSWORD: PASSWORD,
      ARGON2_MEMORY_KIB: '256',
      ARGON2_TIME_COST: '1',
      LOG_LEVEL: 'warn',
    },
  });
  adminIdentity = createIdentityClient({ baseUrl: platform.urls.identity! });
  await adminIdentity.login('root@example.test', PASSWORD);
  admin = createCatalogClient({ baseUrl: platform.urls.catalog!, token: () => adminIdentity.accessToken() });
  anonymous = createCatalogClient({ baseUrl: platform.urls.catalog! });
});
afterAll(async () => {
  await platform?.stop();
  await database?.drop();
});

describe('catalog SDK', () => {
  it('reads the public bootstrap set and its summary anonymously', async () => {
    const rows = await anonymous.bootstrap.list();
    expect(rows.find((r) => r.id === 'ast-echo')?.key).toBe('assistants/echo');
    const summary = await anonymous.bootstrap.summary();
    expect(summary.assistants.total).toBe(rows.filter((r) => r.type === 'assistant').length);
    expect((await anonymous.resources.list({ type: 'assistant' })).items.length).toBe(summary.assistants.total);
    expect((await anonymous.stats()).bootstrapResources).toBe(rows.length);
    expect((await anonymous.rateLimits()).limits.write).toBeGreaterThan(0);
  });

  it('creates, finds, updates, searches, publishes and deletes a resource', async () => {
    const created = await admin.resources.create({
      key: 'sdk/context',
      name: 'SDK context',
      type: 'context',
      description: 'made by the SDK',
      metadata: { a: 1 },
    });
    expect(created).toMatchObject({ status: 'draft', currentVersion: null });
    expect((await admin.resources.get(created.id))?.key).toBe('sdk/context');
    expect((await admin.resources.get('sdk/context'))?.id).toBe(created.id);
    expect((await admin.resources.getByKey('sdk/context'))?.id).toBe(created.id);
    expect((await admin.resources.update(created.id, { metadata: { a: 2 } })).metadata).toEqual({ a: 2 });
    expect((await admin.search({ query: 'SDK CONTEXT' })).items.map((r) => r.id)).toEqual([created.id]);

    const first = await admin.versions.publish(created.id, 'first');
    expect(first).toMatchObject({ created: true, version: { version: 1, changelog: 'first' } });
    expect((await admin.versions.publish(created.id)).created).toBe(false);
    expect((await admin.versions.list(created.id)).map((v) => v.version)).toEqual([1]);
    expect((await admin.versions.get(created.id, 1))?.contentHash).toMatch(/^[0-9a-f]{64}$/);
    expect(await admin.versions.get(created.id, 5)).toBeNull();
    expect((await admin.versions.listAll({ limit: 200 })).items.some((v) => v.resourceId === created.id)).toBe(true);

    const bulk = await admin.resources.bulk({
      ids: [created.id, 'missing'],
      action: 'addTags',
      payload: { tags: ['sdk'] },
    });
    expect(bulk.summary).toEqual({ total: 2, succeeded: 1, failed: 1 });

    await admin.resources.delete(created.id);
    expect(await admin.resources.get(created.id)).toBeNull();
  });

  it('upserts by key, reporting whether the row was created', async () => {
    const key = 'integrations/symbia-labs/models/sdk';
    const first = await admin.resources.upsert(key, {
      name: 'SDK model',
      type: 'integration',
      status: 'published',
      accessPolicy: { visibility: 'public', actions: { read: { anyOf: ['public'] } } },
    });
    expect(first).toMatchObject({ created: true, resource: { key, currentVersion: 1 } });
    const again = await admin.resources.upsert(key, {
      name: 'SDK model v2',
      type: 'integration',
      status: 'published',
      accessPolicy: first.resource.accessPolicy,
    });
    expect(again).toMatchObject({ created: false, resource: { id: first.resource.id, currentVersion: 2 } });
    expect((await anonymous.resources.get(key))?.name).toBe('SDK model v2');
  });

  it('uploads, lists and downloads artifacts; signs and certifies versions', async () => {
    const { resource } = await admin.resources.upsert('sdk/signed', {
      name: 'Signed',
      type: 'context',
      status: 'published',
    });
    const bytes = new TextEncoder().encode('{"hello":"world"}');
    const artifact = await admin.artifacts.upload(resource.id, {
      name: 'data.json',
      type: 'application/json',
      content: bytes,
      version: 1,
    });
    expect(artifact).toMatchObject({ size: bytes.length, version: 1 });
    expect((await admin.artifacts.list(resource.id, { version: 1 })).map((a) => a.id)).toEqual([artifact.id]);
    const download = await admin.artifacts.download(artifact.id);
    expect(new TextDecoder().decode(download.bytes)).toBe('{"hello":"world"}');
    expect(download.mimeType).toContain('application/json');

    const { publicKey, privateKey } = generateKeyPairSync('ed25519');
    const version = (await admin.versions.get(resource.id, 1))!;
    const signature = sign(null, signaturePayload(resource.id, 1, version.contentHash), privateKey).toString('base64');
    const signed = await admin.signatures.sign(resource.id, {
      publicKey: publicKey.export({ format: 'jwk' }).x!,
      signature,
    });
    expect(signed).toMatchObject({ version: 1, algorithm: 'ed25519' });
    expect((await admin.signatures.list(resource.id)).map((s) => s.id)).toEqual([signed.id]);
    const certified = await admin.certifications.certify(resource.id, {
      certificationType: 'security-review',
      notes: 'ok',
    });
    expect(certified).toMatchObject({ version: 1, active: true });
    await admin.certifications.withdraw(resource.id, certified.id);
    await admin.signatures.withdraw(resource.id, signed.id);
    expect(await admin.signatures.list(resource.id)).toEqual([]);
    await admin.artifacts.delete(artifact.id);
    await expect(admin.artifacts.download(artifact.id)).rejects.toMatchObject({ status: 404 });
  });

  it('keeps tenants apart and surfaces errors as SymbiaApiError with status and code', async () => {
    const acme = await orgUser('Acme');
    const globex = await orgUser('Globex');
    const graph = await acme.catalog.resources.create({
      key: 'sdk/graph',
      name: 'Graph',
      type: 'graph',
      orgId: acme.orgId,
    });
    expect(await globex.catalog.resources.get(graph.id)).toBeNull();
    expect(await globex.catalog.resources.getByKey('sdk/graph', acme.orgId)).toBeNull();
    expect((await globex.catalog.resources.list({ type: 'graph' })).items).toEqual([]);
    await expect(globex.catalog.resources.update(graph.id, { name: 'Mine' })).rejects.toMatchObject({ status: 404 });
    const duplicate = await acme.catalog.resources
      .create({ key: 'sdk/graph', name: 'Again', type: 'graph', orgId: acme.orgId })
      .catch((err: unknown) => err);
    expect(duplicate).toBeInstanceOf(SymbiaApiError);
    expect(duplicate).toMatchObject({ status: 409, code: 'key_in_use' });
    await expect(anonymous.resources.create({ key: 'x', name: 'X', type: 'context' })).rejects.toMatchObject({
      status: 401,
    });
    await expect(acme.catalog.search({ query: '' })).rejects.toMatchObject({ status: 400, code: 'validation_failed' });
  });
});
