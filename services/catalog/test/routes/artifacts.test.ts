import { refusalOf } from '@symbia/testing';
import { createHash, randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldsOf, startCatalog, type Harness, type Session } from '../helpers/catalog-harness.js';

let h: Harness;
let alice: Session & { orgId: string };
let bob: Session & { orgId: string };
let viewer: Session;
let resource: string;

const req = (method: 'GET' | 'POST' | 'DELETE', url: string, who?: Session, payload?: Record<string, unknown>) =>
  h.app.inject({ method, url, ...(who && { headers: who.headers }), ...(payload && { payload }) });
const source = 'export default 1';
const upload = { name: 'h.js', type: 'application/javascript', content: Buffer.from(source).toString('base64') };

beforeAll(async () => {
  h = await startCatalog({ definitions: [] });
  alice = await h.registerOrgAdmin('Acme');
  bob = await h.registerOrgAdmin('Globex');
  viewer = await h.addMember(alice, alice.orgId, (await h.registerOrgAdmin('V')).email, 'viewer');
  resource = (
    await req('POST', '/api/resources', alice, { key: 'art/r', name: 'R', type: 'graph', orgId: alice.orgId })
  ).json().id;
});
afterAll(() => h?.close());

describe('artifacts', () => {
  it('round-trips bytes with size, SHA-256 checksum and a safe Content-Disposition; no server path is exposed', async () => {
    const created = await req('POST', `/api/resources/${resource}/artifacts`, alice, upload);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      size: 16,
      checksum: createHash('sha256').update(source).digest('hex'),
      mimeType: 'application/javascript',
    });
    expect(created.json()).not.toHaveProperty('storageUrl');
    const download = await req('GET', `/api/artifacts/${created.json().id}/download`, viewer);
    expect(download.body).toBe(source);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="h.js"; filename*=UTF-8''h.js`);
    expect((await req('GET', `/api/resources/${resource}/artifacts`, viewer)).json()).toHaveLength(1);
  });

  it('answers 401 anonymously for writes, 404 to another org and anonymous readers, 403 to a viewer uploading or deleting', async () => {
    const id = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json().id;
    expect(refusalOf(await req('POST', `/api/resources/${resource}/artifacts`, undefined, upload))).toEqual({
      status: 401,
      code: 'authentication_required',
    });
    expect(refusalOf(await req('POST', `/api/resources/${resource}/artifacts`, bob, upload))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('POST', `/api/resources/${resource}/artifacts`, viewer, upload))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect(refusalOf(await req('GET', `/api/artifacts/${id}/download`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/artifacts/${id}/download`))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('GET', `/api/resources/${resource}/artifacts`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('DELETE', `/api/artifacts/${id}`, bob))).toEqual({ status: 404, code: 'not_found' });
    expect(refusalOf(await req('DELETE', `/api/artifacts/${id}`, viewer))).toEqual({
      status: 403,
      code: 'insufficient_permissions',
    });
    expect((await req('DELETE', `/api/artifacts/${id}`, alice)).json()).toEqual({ success: true });
    expect(refusalOf(await req('GET', `/api/artifacts/${id}/download`, alice))).toEqual({
      status: 404,
      code: 'not_found',
    });
  });

  it('rejects disallowed types, non-base64 content, paths as names and content that does not match its type', async () => {
    expect(
      fieldsOf(
        await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, type: 'application/x-sh' }),
      ),
    ).toContain('body.type');
    expect(
      fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, content: '***' })),
    ).toContain('body.content');
    expect(
      fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, name: '../x.js' })),
    ).toContain('body.name');
    const fakePng = await req('POST', `/api/resources/${resource}/artifacts`, alice, {
      ...upload,
      name: 'x.png',
      type: 'image/png',
    });
    expect(fieldsOf(fakePng)).toContain('body.content');
  });

  it("attaches an artifact to a published version and lists one version's artifacts", async () => {
    const working = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json();
    expect(working).toMatchObject({ versionId: null, version: null });
    const published = (await req('POST', `/api/resources/${resource}/publish`, alice)).json();
    const bound = await req('POST', `/api/resources/${resource}/artifacts`, alice, {
      ...upload,
      name: 'v1.js',
      version: 1,
    });
    expect(bound.statusCode, bound.body).toBe(201);
    expect(bound.json()).toMatchObject({ versionId: published.id, version: 1 });
    const ofVersion = (await req('GET', `/api/resources/${resource}/artifacts?version=1`, viewer)).json() as {
      id: string;
    }[];
    expect(ofVersion.map((a) => a.id)).toEqual([bound.json().id]);
    expect(
      (await req('GET', `/api/resources/${resource}/artifacts`, viewer)).json().map((a: { id: string }) => a.id),
    ).toEqual(expect.arrayContaining([working.id, bound.json().id]));
    expect(refusalOf(await req('GET', `/api/resources/${resource}/artifacts?version=1`, bob))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(refusalOf(await req('GET', `/api/resources/${resource}/artifacts?version=7`, alice))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect(fieldsOf(await req('GET', `/api/resources/${resource}/artifacts?version=zero`, alice))).toContain(
      'querystring.version',
    );
    expect(
      fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, version: 7 })),
    ).toEqual(['body.version']);
    expect(
      fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, version: 'one' })),
    ).toEqual(['body.version']);
    expect((await req('POST', `/api/resources/${resource}/artifacts`, bob, { ...upload, version: 1 })).statusCode).toBe(
      404,
    );
  });

  it('goes away with its resource (cascade, W10)', async () => {
    const id = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json().id;
    expect((await req('DELETE', `/api/resources/${resource}`, alice)).statusCode).toBe(200);
    expect(refusalOf(await req('GET', `/api/artifacts/${id}/download`, alice))).toEqual({
      status: 404,
      code: 'not_found',
    });
    expect((await h.database.pool.query('SELECT count(*)::int AS n FROM artifacts')).rows[0].n).toBe(0);
  });
});

describe('artifacts as streams (issue 16)', () => {
  const raw = (
    who: Session | undefined,
    query: string,
    payload: Buffer | Readable,
    contentType = 'application/octet-stream',
    app = h.app,
    ref = resource,
  ) =>
    app.inject({
      method: 'POST',
      url: `/api/resources/${ref}/artifacts/raw?${query}`,
      payload,
      headers: { ...(who?.headers ?? {}), 'content-type': contentType },
    });
  let streamed: string;

  beforeAll(async () => {
    streamed = (
      await req('POST', '/api/resources', alice, { key: 'art/streamed', name: 'S', type: 'graph', orgId: alice.orgId })
    ).json().id;
  });

  it('uploads raw bytes and downloads them streamed with Content-Length and Content-Type, stored in 1 MiB chunks', async () => {
    const bytes = randomBytes(3 * 1_048_576 + 12_345);
    const created = await raw(
      alice,
      'name=bundle.bin&type=application/octet-stream',
      bytes,
      undefined,
      undefined,
      streamed,
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({
      size: bytes.length,
      checksum: createHash('sha256').update(bytes).digest('hex'),
      mimeType: 'application/octet-stream',
      name: 'bundle.bin',
    });
    const id = created.json().id as string;
    const chunks = await h.database.pool.query(
      'SELECT seq, length(bytes) AS n FROM artifact_chunks WHERE artifact_id = $1 ORDER BY seq',
      [id],
    );
    expect(chunks.rows.map((r) => Number(r.n))).toEqual([1_048_576, 1_048_576, 1_048_576, 12_345]);

    const download = await req('GET', `/api/artifacts/${id}/download`, viewer);
    expect(download.statusCode).toBe(200);
    expect(download.headers['content-length']).toBe(String(bytes.length));
    expect(download.headers['content-type']).toBe('application/octet-stream');
    expect(download.rawPayload.equals(bytes)).toBe(true);
    // The JSON form's artifacts are stored and served the same way.
    const small = (await req('POST', `/api/resources/${streamed}/artifacts`, alice, upload)).json();
    const smallDownload = await req('GET', `/api/artifacts/${small.id}/download`, alice);
    expect(smallDownload.body).toBe(source);
    expect(smallDownload.headers['content-length']).toBe('16');
    expect(smallDownload.headers['content-type']).toMatch(/^application\/javascript/);
  });

  it('streams a body without Content-Length, checks the content against its type, and refuses other content types (415)', async () => {
    const bytes = Buffer.from(JSON.stringify({ big: 'x'.repeat(1_500_000) }));
    const created = await raw(
      alice,
      'name=data.json&type=application/json',
      Readable.from([bytes.subarray(0, 700_000), bytes.subarray(700_000)]),
      undefined,
      undefined,
      streamed,
    );
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json().size).toBe(bytes.length);
    expect((await req('GET', `/api/artifacts/${created.json().id}/download`, alice)).rawPayload.equals(bytes)).toBe(
      true,
    );

    const notJson = await raw(
      alice,
      'name=bad.json&type=application/json',
      Buffer.from('{nope'),
      undefined,
      undefined,
      streamed,
    );
    expect(refusalOf(notJson)).toEqual({ status: 400, code: 'validation_failed' });
    expect(notJson.json().code).toBe('validation_failed');
    expect(fieldsOf(notJson)).toEqual(['querystring.content']);
    const fakePng = await raw(
      alice,
      'name=x.png&type=image/png',
      Buffer.from('<script>'),
      undefined,
      undefined,
      streamed,
    );
    expect(refusalOf(fakePng)).toEqual({ status: 400, code: 'validation_failed' });
    expect(fieldsOf(await raw(alice, 'type=text/plain', Buffer.from('hi'), undefined, undefined, streamed))).toEqual([
      'querystring.name',
    ]);
    expect(
      fieldsOf(await raw(alice, 'name=a.sh&type=application/x-sh', Buffer.from('hi'), undefined, undefined, streamed)),
    ).toEqual(['querystring.type']);
    expect(
      fieldsOf(await raw(alice, 'name=../a.txt&type=text/plain', Buffer.from('hi'), undefined, undefined, streamed)),
    ).toEqual(['querystring.name']);
    expect(
      fieldsOf(
        await raw(alice, 'name=a.txt&type=text/plain&version=3', Buffer.from('hi'), undefined, undefined, streamed),
      ),
    ).toEqual(['querystring.version']);
    const wrongType = await raw(
      alice,
      'name=a.txt&type=text/plain',
      Buffer.from('hi'),
      'text/plain',
      undefined,
      streamed,
    );
    expect(refusalOf(wrongType)).toEqual({ status: 415, code: 'unsupported_media_type' });
    expect(wrongType.json()).toMatchObject({
      code: 'unsupported_media_type',
      error: expect.stringContaining('application/octet-stream'),
    });
    expect(
      refusalOf(
        await raw(alice, 'name=a.txt&type=text/plain', Buffer.from('{}'), 'application/json', undefined, streamed),
      ),
    ).toEqual({ status: 415, code: 'unsupported_media_type' });
    // Failed uploads leave nothing behind.
    const rows = await h.database.pool.query('SELECT count(*)::int AS n FROM artifacts WHERE resource_id = $1', [
      streamed,
    ]);
    expect(rows.rows[0].n).toBe(3);
  });

  it("answers 401 without auth, 404 for another org's resource or artifact, 403 for a viewer", async () => {
    const id = (
      await raw(alice, 'name=a.txt&type=text/plain', Buffer.from('mine'), undefined, undefined, streamed)
    ).json().id;
    const anonymous = await raw(
      undefined,
      'name=a.txt&type=text/plain',
      Buffer.from('hi'),
      undefined,
      undefined,
      streamed,
    );
    expect(refusalOf(anonymous)).toEqual({ status: 401, code: 'authentication_required' });
    expect(anonymous.json().code).toBe('authentication_required');
    const other = await raw(bob, 'name=a.txt&type=text/plain', Buffer.from('hi'), undefined, undefined, streamed);
    expect(refusalOf(other)).toEqual({ status: 404, code: 'not_found' });
    expect(other.json().code).toBe('not_found');
    expect(
      refusalOf(await raw(viewer, 'name=a.txt&type=text/plain', Buffer.from('hi'), undefined, undefined, streamed)),
    ).toEqual({ status: 403, code: 'insufficient_permissions' });
    const foreign = await req('GET', `/api/artifacts/${id}/download`, bob);
    expect(refusalOf(foreign)).toEqual({ status: 404, code: 'not_found' });
    expect(foreign.json().code).toBe('not_found');
  });

  it('refuses a file over the cap with 413 payload_too_large, declared or counted as it streams, and keeps nothing', async () => {
    const small = await h.rebuild({ env: { ARTIFACT_MAX_SIZE_MB: '1' } });
    const over = randomBytes(1_048_576 + 1);
    const declared = await raw(alice, 'name=big.bin&type=application/octet-stream', over, undefined, small, streamed);
    expect(refusalOf(declared)).toEqual({ status: 413, code: 'payload_too_large' });
    expect(declared.json()).toMatchObject({ code: 'payload_too_large', error: 'File exceeds maximum size of 1MB' });
    const counted = await raw(
      alice,
      'name=big.bin&type=application/octet-stream',
      Readable.from([over.subarray(0, 600_000), over.subarray(600_000)]),
      undefined,
      small,
      streamed,
    );
    expect(refusalOf(counted)).toEqual({ status: 413, code: 'payload_too_large' });
    expect(counted.json().code).toBe('payload_too_large');
    const json = await small.inject({
      method: 'POST',
      url: `/api/resources/${streamed}/artifacts`,
      headers: alice.headers,
      payload: { name: 'big.bin', type: 'application/octet-stream', content: over.toString('base64') },
    });
    expect(refusalOf(json)).toEqual({ status: 413, code: 'payload_too_large' });
    expect(json.json().code).toBe('payload_too_large');
    const exact = await raw(
      alice,
      'name=fits.bin&type=application/octet-stream',
      over.subarray(0, 1_048_576),
      undefined,
      small,
      streamed,
    );
    expect(exact.statusCode, exact.body).toBe(201);
    const leftovers = await h.database.pool.query(
      "SELECT count(*)::int AS n FROM artifacts WHERE name = 'big.bin' OR NOT ready",
    );
    expect(leftovers.rows[0].n).toBe(0);
  });
});
