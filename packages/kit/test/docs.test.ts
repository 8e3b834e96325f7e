import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp;
beforeAll(async () => {
  ({ app } = await buildTestService());
  await app.ready();
});
afterAll(() => app.close());

describe('generated docs', () => {
  it('serves an OpenAPI document generated from the zod route schemas', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs/openapi.json' });
    expect(res.statusCode).toBe(200);
    const doc = res.json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.info.title).toBe('Symbia kit-test');
    const create = doc.paths['/api/items'].post;
    expect(create.summary).toBe('Create an item');
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['name', 'quantity']);
    expect(doc.paths['/api/items/{id}'].get.parameters[0]).toMatchObject({ name: 'id', in: 'path', required: true });
    // Aliases and the docs themselves are not part of the contract.
    expect(doc.paths['/llms.txt']).toBeUndefined();
  });

  it('renders /docs as a self-contained HTML page listing the endpoints', async () => {
    const res = await app.inject({ method: 'GET', url: '/docs' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/html');
    expect(res.body).toContain('/api/items/{id}');
    expect(res.body).not.toContain('<script');
  });

  it('generates llms.txt and llms-full.txt from the OpenAPI document', async () => {
    const llms = await app.inject({ method: 'GET', url: '/docs/llms.txt' });
    expect(llms.headers['content-type']).toContain('text/plain');
    expect(llms.body).toContain('# Symbia kit-test');
    expect(llms.body).toContain('- POST /api/items: Create an item');
    expect(llms.body).not.toContain('/api/api/');
    const full = await app.inject({ method: 'GET', url: '/docs/llms-full.txt' });
    expect(full.body).toContain('### POST /api/items');
    expect(full.body).toContain('"quantity"');
  });

  it.each([
    ['/openapi.json', '/docs/openapi.json'],
    ['/api/docs/openapi.json', '/docs/openapi.json'],
    ['/api/docs', '/docs'],
    ['/llms.txt', '/docs/llms.txt'],
    ['/llm.txt', '/docs/llms.txt'],
    ['/llms-full.txt', '/docs/llms-full.txt'],
    ['/.well-known/openapi.json', '/docs/openapi.json'],
  ])('redirects %s to %s', async (from, to) => {
    const res = await app.inject({ method: 'GET', url: from });
    expect(res.statusCode).toBe(302);
    expect(res.headers.location).toBe(to);
  });
});
