import { refusalOf } from '@symbia/testing';
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string; email: string }; // admin of Acme
let bob: Session & { orgId: string; email: string }; // admin of Globex
let member: Session; // member of Acme: may write and publish, not sign or certify
let graph: string; // Acme's graph, published twice
let draft: string; // Acme's graph, never published

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';
const req = (method: Method, url: string, who?: Session, payload?: Record<string, unknown>) =>
  h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });

function keyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return { privateKey, publicKey: raw.toString('base64') };
}

/** What a signer does: fetch the version's content hash, sign the documented payload. */
async function signVersion(privateKey: KeyObject, resourceId: string, version: number): Promise<string> {
  const { contentHash } = (await req('GET', `/api/resources/${resourceId}/versions/${version}`, alice)).json() as {
    contentHash: string;
  };
  return sign(
    null,
    Buffer.from(`symbia-catalog-signature:v1:${resourceId}:${version}:${contentHash}`),
    privateKey,
  ).toString('base64');
}

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  member = await h.addMember(alice, alice.orgId, (await h.registerOrgAdmin('M')).email, 'member');
  graph = (
    await req('POST', '/api/resources', alice, { key: 'att/graph', name: 'G', type: 'graph', orgId: alice.orgId })
  ).json().id;
  await req('POST', `/api/resources/${graph}/publish`, alice);
  await req('PATCH', `/api/resources/${graph}`, alice, { metadata: { v: 2 } });
  await req('POST', `/api/resources/${graph}/publish`, alice);
  draft = (
    await req('POST', '/api/resources', alice, { key: 'att/draft', name: 'D', type: 'graph', orgId: alice.orgId })
  ).json().id;
});
afterAll(() => h?.close());

describe('POST /api/resources/:id/signatures', () => {
  it('records an Ed25519 signature over the latest version, verified against the key; repeating it is idempotent', async () => {
    const key = keyPair();
    const body = {
      algorithm: 'ed25519',
      publicKey: key.publicKey,
      signature: await signVersion(key.privateKey, graph, 2),
    };
    const res = await req('POST', `/api/resources/${graph}/signatures`, alice, body);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ resourceId: graph, version: 2, signerId: alice.id, algorithm: 'ed25519' });
    expect(res.json().keyFingerprint).toMatch(/^[0-9a-f]{64}$/);
    const again = await req('POST', `/api/resources/${graph}/signatures`, alice, body);
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(res.json().id);
  });

  it('signs a named earlier version', async () => {
    const key = keyPair();
    const res = await req('POST', `/api/resources/${graph}/signatures`, alice, {
      version: 1,
      algorithm: 'ed25519',
      publicKey: key.publicKey,
      signature: await signVersion(key.privateKey, graph, 1),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().version).toBe(1);
  });

  it('refuses a signature that does not verify: another key, another version, tampered bytes (400 naming body.signature)', async () => {
    const key = keyPair();
    const other = keyPair();
    const forOne = await signVersion(key.privateKey, graph, 1);
    for (const body of [
      { algorithm: 'ed25519', publicKey: other.publicKey, signature: await signVersion(key.privateKey, graph, 2) },
      { algorithm: 'ed25519', publicKey: key.publicKey, signature: forOne },
      {
        algorithm: 'ed25519',
        publicKey: key.publicKey,
        signature: Buffer.from(Buffer.from(forOne, 'base64').map((b, i) => (i === 0 ? b ^ 1 : b))).toString('base64'),
        version: 1,
      },
    ]) {
      const res = await req('POST', `/api/resources/${graph}/signatures`, alice, body);
      expect(refusalOf(res), res.body).toEqual({ status: 400, code: 'invalid_signature' });
      expect(fieldsOf(res)).toEqual(['body.signature']);
    }
  });

  it('answers 401 anonymously, 404 to another org, 403 without the sign right, 409 before any publish', async () => {
    const key = keyPair();
    const body = {
      algorithm: 'ed25519',
      publicKey: key.publicKey,
      signature: await signVersion(key.privateKey, graph, 2),
    };
    expect(refusalOf(await req('POST', `/api/resources/${graph}/signatures`, undefined, body))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', `/api/resources/${graph}/signatures`, bob, body))).toEqual({
      status: 404,
      code: 'not_found',
    });
    const denied = await req('POST', `/api/resources/${graph}/signatures`, member, body);
    expect(refusalOf(denied)).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(denied.json().error).toBe("You don't have permission to sign this resource");
    const unpublished = await req('POST', `/api/resources/${draft}/signatures`, alice, body);
    expect(refusalOf(unpublished)).toEqual({ status: 409, code: 'not_published' });
    expect(unpublished.json().code).toBe('not_published');
  });

  it('rejects malformed input with 400 naming each field', async () => {
    const res = await req('POST', `/api/resources/${graph}/signatures`, alice, {
      algorithm: 'rsa',
      publicKey: 'not base64!',
      signature: '',
      version: 0,
    });
    expect(fieldsOf(res)).toEqual(
      expect.arrayContaining(['body.algorithm', 'body.publicKey', 'body.signature', 'body.version']),
    );
    const shortKey = await req('POST', `/api/resources/${graph}/signatures`, alice, {
      algorithm: 'ed25519',
      publicKey: 'AAAA',
      signature: 'AAAA',
    });
    expect(fieldsOf(shortKey)).toEqual(['body.publicKey']);
    const missingVersion = await req('POST', `/api/resources/${graph}/signatures`, alice, {
      version: 9,
      algorithm: 'ed25519',
      publicKey: keyPair().publicKey,
      signature: 'AAAA',
    });
    expect(fieldsOf(missingVersion)).toEqual(['body.version']);
    expect(
      refusalOf(
        await req('POST', `/api/resources/${graph}/signatures`, alice, {
          algorithm: 'ed25519',
          publicKey: 'AAAA',
          signature: 'AAAA',
          extra: 1,
        }),
      ),
    ).toEqual({ status: 400, code: 'validation_failed' });
    // W13: a missing or non-object body is a 400, never a 500.
    expect(refusalOf(await req('POST', `/api/resources/${graph}/signatures`, alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    const notObject = await h.app.inject({
      method: 'POST',
      url: `/api/resources/${graph}/certifications`,
      headers: { ...alice.headers, 'content-type': 'application/json' },
      payload: '[]',
    });
    expect(refusalOf(notObject)).toEqual({ status: 400, code: 'validation_failed' });
  });
});

describe('GET and DELETE /api/resources/:id/signatures', () => {
  it('lists signatures to readers only (W2), newest first', async () => {
    const list = await req('GET', `/api/resources/${graph}/signatures`, member);
    expect(list.statusCode).toBe(200);
    expect(list.json().length).toBeGreaterThanOrEqual(2);
    expect(list.json()[0]).toMatchObject({ resourceId: graph, algorithm: 'ed25519' });
    expect(refusalOf(await req('GET', `/api/resources/${graph}/signatures`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${graph}/signatures`))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', '/api/resources/bad%20id/signatures', alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
  });

  it('lets the signer or an administrator withdraw a signature; others get 403/404', async () => {
    const key = keyPair();
    const signed = (
      await req('POST', `/api/resources/${graph}/signatures`, alice, {
        algorithm: 'ed25519',
        publicKey: key.publicKey,
        signature: await signVersion(key.privateKey, graph, 2),
      })
    ).json();
    const url = `/api/resources/${graph}/signatures/${signed.id}`;
    expect(refusalOf(await req('DELETE', url))).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await req('DELETE', url, bob))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('DELETE', url, member))).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect(refusalOf(await req('DELETE', `/api/resources/${graph}/signatures/bad%20id`, alice))).toEqual({
      status: 400,
      code: 'validation_failed',
    });
    expect((await req('DELETE', url, alice)).json()).toEqual({ success: true });
    expect(refusalOf(await req('DELETE', url, alice))).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('platform rows', () => {
  it('need read and sign: the private default hides rows from signers who cannot read them; a policy granting both to an org lets its admins sign', async () => {
    const platformRow = (
      await req('POST', '/api/resources', h.admin, {
        key: 'att/platform',
        name: 'P',
        type: 'context',
        status: 'published',
      })
    ).json();
    expect(platformRow.currentVersion).toBe(1);
    const plain = await h.registerOrgAdmin('Signer Co');
    const signer = await h.grantEntitlement(plain, 'cap:registry.sign');
    const key = keyPair();
    const { contentHash } = (await req('GET', `/api/resources/${platformRow.id}/versions/1`, h.admin)).json();
    const signature = sign(
      null,
      Buffer.from(`symbia-catalog-signature:v1:${platformRow.id}:1:${contentHash}`),
      key.privateKey,
    ).toString('base64');
    // The private default lets signers sign, but reading needs registry write: the row is invisible to them.
    expect(
      refusalOf(
        await req('POST', `/api/resources/${platformRow.id}/signatures`, signer, {
          algorithm: 'ed25519',
          publicKey: key.publicKey,
          signature,
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    // Naming the capability is not enough either: cap:registry.sign held by a user never acts on a platform row (DESIGN §6).
    const byCapability = {
      visibility: 'private',
      actions: { read: { anyOf: ['cap:registry.sign'] }, sign: { anyOf: ['cap:registry.sign'] } },
    };
    expect(
      (await req('PATCH', `/api/resources/${platformRow.id}`, h.admin, { accessPolicy: byCapability })).statusCode,
    ).toBe(200);
    expect(
      refusalOf(
        await req('POST', `/api/resources/${platformRow.id}/signatures`, signer, {
          algorithm: 'ed25519',
          publicKey: key.publicKey,
          signature,
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
    // A super admin may delegate reading and signing a platform row to an org's admins by naming them.
    const policy = {
      visibility: 'private',
      actions: { read: { anyOf: [`role:admin:${plain.orgId}`] }, sign: { anyOf: [`role:admin:${plain.orgId}`] } },
    };
    expect((await req('PATCH', `/api/resources/${platformRow.id}`, h.admin, { accessPolicy: policy })).statusCode).toBe(
      200,
    );
    await req('POST', `/api/resources/${platformRow.id}/publish`, h.admin);
    const latest = (await req('GET', `/api/resources/${platformRow.id}/versions/2`, h.admin)).json();
    const signature2 = sign(
      null,
      Buffer.from(`symbia-catalog-signature:v1:${platformRow.id}:2:${latest.contentHash}`),
      key.privateKey,
    ).toString('base64');
    const res = await req('POST', `/api/resources/${platformRow.id}/signatures`, signer, {
      algorithm: 'ed25519',
      publicKey: key.publicKey,
      signature: signature2,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json().signerName).toBe('Signer Co');
    expect(
      refusalOf(
        await req('POST', `/api/resources/${platformRow.id}/signatures`, bob, {
          algorithm: 'ed25519',
          publicKey: key.publicKey,
          signature: signature2,
        }),
      ),
    ).toEqual({ status: 404, code: 'not_found' });
  });
});

describe('certifications', () => {
  it('records a certification of the latest version with notes and expiry, listed with an active flag', async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const res = await req('POST', `/api/resources/${graph}/certifications`, alice, {
      certificationType: 'security-review',
      notes: 'Reviewed by the platform team',
      expiresAt,
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({
      version: 2,
      certifierId: alice.id,
      certificationType: 'security-review',
      expiresAt,
      active: true,
    });
    const listed = (await req('GET', `/api/resources/${graph}/certifications`, member)).json();
    expect(listed.map((c: { id: string }) => c.id)).toContain(res.json().id);
  });

  it('marks an expired certification inactive', async () => {
    const res = await req('POST', `/api/resources/${graph}/certifications`, alice, {
      certificationType: 'short-lived',
      version: 1,
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ version: 1, active: true });
    // Time passes: the expiry is now behind us.
    await h.database.pool.query(`UPDATE certifications SET expires_at = now() - interval '1 minute' WHERE id = $1`, [
      res.json().id,
    ]);
    const listed = (await req('GET', `/api/resources/${graph}/certifications`, alice)).json() as {
      id: string;
      active: boolean;
    }[];
    expect(listed.find((c) => c.id === res.json().id)?.active).toBe(false);
  });

  it('answers 401 anonymously, 404 to another org and anonymous readers, 403 without the certify right, 409 before any publish', async () => {
    const body = { certificationType: 'qa' };
    expect(refusalOf(await req('POST', `/api/resources/${graph}/certifications`, undefined, body))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', `/api/resources/${graph}/certifications`, bob, body))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('POST', `/api/resources/${graph}/certifications`, member, body))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await req('POST', `/api/resources/${draft}/certifications`, alice, body))).toEqual({
      status: 409,
      code: 'not_published',
    });
    expect(refusalOf(await req('GET', `/api/resources/${graph}/certifications`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${graph}/certifications`))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('rejects malformed input with 400 naming each field, including an expiry in the past', async () => {
    const res = await req('POST', `/api/resources/${graph}/certifications`, alice, {
      certificationType: 'Not A Slug',
      expiresAt: 'tomorrow',
      version: 'one',
    });
    expect(fieldsOf(res)).toEqual(expect.arrayContaining(['body.certificationType', 'body.expiresAt', 'body.version']));
    const past = await req('POST', `/api/resources/${graph}/certifications`, alice, {
      certificationType: 'qa',
      expiresAt: '2001-01-01T00:00:00Z',
    });
    expect(fieldsOf(past)).toEqual(['body.expiresAt']);
    expect(fieldsOf(await req('POST', `/api/resources/${graph}/certifications`, alice, {}))).toEqual([
      'body.certificationType',
    ]);
  });

  it('lets the certifier or an administrator withdraw a certification', async () => {
    const created = (
      await req('POST', `/api/resources/${graph}/certifications`, alice, { certificationType: 'qa' })
    ).json();
    const url = `/api/resources/${graph}/certifications/${created.id}`;
    expect(refusalOf(await req('DELETE', url))).toEqual({ status: 401, code: 'authentication_required' });
    expect(refusalOf(await req('DELETE', url, bob))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('DELETE', url, member))).toEqual({ status: 403, code: 'insufficient_permissions' });
    expect((await req('DELETE', url, alice)).json()).toEqual({ success: true });
    expect(refusalOf(await req('DELETE', url, alice))).toEqual({ status: 404, code: 'not_found' });
  });

  it('go away with their resource (cascade)', async () => {
    const id = (
      await req('POST', '/api/resources', alice, {
        key: 'att/cascade',
        name: 'C',
        type: 'graph',
        orgId: alice.orgId,
        status: 'published',
      })
    ).json().id;
    await req('POST', `/api/resources/${id}/certifications`, alice, { certificationType: 'qa' });
    expect((await req('DELETE', `/api/resources/${id}`, alice)).statusCode).toBe(200);
    const left = await h.database.pool.query('SELECT count(*)::int AS n FROM certifications WHERE resource_id = $1', [
      id,
    ]);
    expect(left.rows[0].n).toBe(0);
  });
});
