import { createHash } from 'node:crypto';
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
  resource = (await req('POST', '/api/resources', alice, { key: 'art/r', name: 'R', type: 'graph', orgId: alice.orgId })).json().id;
});
afterAll(() => h?.close());

describe('artifacts', () => {
  it('round-trips bytes with size, SHA-256 checksum and a safe Content-Disposition; no server path is exposed', async () => {
    const created = await req('POST', `/api/resources/${resource}/artifacts`, alice, upload);
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ size: 16, checksum: createHash('sha256').update(source).digest('hex'), mimeType: 'application/javascript' });
    expect(created.json()).not.toHaveProperty('storageUrl');
    const download = await req('GET', `/api/artifacts/${created.json().id}/download`, viewer);
    expect(download.body).toBe(source);
    expect(download.headers['content-disposition']).toBe(`attachment; filename="h.js"; filename*=UTF-8''h.js`);
    expect((await req('GET', `/api/resources/${resource}/artifacts`, viewer)).json()).toHaveLength(1);
  });

  it('answers 401 anonymously for writes, 404 to another org and anonymous readers, 403 to a viewer uploading or deleting', async () => {
    const id = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json().id;
    expect((await req('POST', `/api/resources/${resource}/artifacts`, undefined, upload)).statusCode).toBe(401);
    expect((await req('POST', `/api/resources/${resource}/artifacts`, bob, upload)).statusCode).toBe(404);
    expect((await req('POST', `/api/resources/${resource}/artifacts`, viewer, upload)).statusCode).toBe(403);
    expect((await req('GET', `/api/artifacts/${id}/download`, bob)).statusCode).toBe(404);
    expect((await req('GET', `/api/artifacts/${id}/download`)).statusCode).toBe(404);
    expect((await req('GET', `/api/resources/${resource}/artifacts`, bob)).statusCode).toBe(404);
    expect((await req('DELETE', `/api/artifacts/${id}`, bob)).statusCode).toBe(404);
    expect((await req('DELETE', `/api/artifacts/${id}`, viewer)).statusCode).toBe(403);
    expect((await req('DELETE', `/api/artifacts/${id}`, alice)).json()).toEqual({ success: true });
    expect((await req('GET', `/api/artifacts/${id}/download`, alice)).statusCode).toBe(404);
  });

  it('rejects disallowed types, non-base64 content, paths as names and content that does not match its type', async () => {
    expect(fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, type: 'application/x-sh' }))).toContain('body.type');
    expect(fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, content: '***' }))).toContain('body.content');
    expect(fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, name: '../x.js' }))).toContain('body.name');
    const fakePng = await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, name: 'x.png', type: 'image/png' });
    expect(fieldsOf(fakePng)).toContain('body.content');
  });

  it('attaches an artifact to a published version and lists one version\'s artifacts', async () => {
    const working = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json();
    expect(working).toMatchObject({ versionId: null, version: null });
    const published = (await req('POST', `/api/resources/${resource}/publish`, alice)).json();
    const bound = await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, name: 'v1.js', version: 1 });
    expect(bound.statusCode, bound.body).toBe(201);
    expect(bound.json()).toMatchObject({ versionId: published.id, version: 1 });
    const ofVersion = (await req('GET', `/api/resources/${resource}/artifacts?version=1`, viewer)).json() as { id: string }[];
    expect(ofVersion.map((a) => a.id)).toEqual([bound.json().id]);
    expect((await req('GET', `/api/resources/${resource}/artifacts`, viewer)).json().map((a: { id: string }) => a.id)).toEqual(expect.arrayContaining([working.id, bound.json().id]));
    expect((await req('GET', `/api/resources/${resource}/artifacts?version=1`, bob)).statusCode).toBe(404);
    expect((await req('GET', `/api/resources/${resource}/artifacts?version=7`, alice)).statusCode).toBe(404);
    expect(fieldsOf(await req('GET', `/api/resources/${resource}/artifacts?version=zero`, alice))).toContain('querystring.version');
    expect(fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, version: 7 }))).toEqual(['body.version']);
    expect(fieldsOf(await req('POST', `/api/resources/${resource}/artifacts`, alice, { ...upload, version: 'one' }))).toEqual(['body.version']);
    expect((await req('POST', `/api/resources/${resource}/artifacts`, bob, { ...upload, version: 1 })).statusCode).toBe(404);
  });

  it('goes away with its resource (cascade, W10)', async () => {
    const id = (await req('POST', `/api/resources/${resource}/artifacts`, alice, upload)).json().id;
    expect((await req('DELETE', `/api/resources/${resource}`, alice)).statusCode).toBe(200);
    expect((await req('GET', `/api/artifacts/${id}/download`, alice)).statusCode).toBe(404);
    expect((await h.database.pool.query('SELECT count(*)::int AS n FROM artifacts')).rows[0].n).toBe(0);
  });
});
