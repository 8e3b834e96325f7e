import type { ServiceApp } from '@symbia/kit';
import { createLogCapture } from '@symbia/kit/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { loadCatalogConfig } from '../../src/config.js';
import { startCatalogDatabase } from '../helpers/catalog-harness.js';

// No credential is involved, so no identity process: the JWKS is only fetched when a token arrives.
let env: Awaited<ReturnType<typeof startCatalogDatabase>>;
let app: ServiceApp;
beforeAll(async () => {
  env = await startCatalogDatabase();
  const config = loadCatalogConfig({
    NODE_ENV: 'test',
    DATABASE_URL: 'postgres://unused@127.0.0.1/unused',
    IDENTITY_SERVICE_URL: 'http://127.0.0.1:9',
  });
  app = await buildApp({
    config,
    database: env.database,
    logDestination: createLogCapture().destination,
    bootstrapDefinitions: [],
  });
});
afterAll(async () => {
  await app?.close();
  // The app closed the pool already (closing again is a no-op); this drops the test database.
  await env?.close();
});

describe('doc aliases (catalog.md §8.1)', () => {
  it('redirects / to the llms.txt and /api/openapi.json to the OpenAPI document, which exists', async () => {
    const root = await app.inject({ method: 'GET', url: '/' });
    expect(root.statusCode).toBe(302);
    expect(root.headers.location).toBe('/docs/llms.txt');
    const openapi = await app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(openapi.statusCode).toBe(302);
    expect((await app.inject({ method: 'GET', url: openapi.headers.location as string })).json().openapi).toMatch(
      /^3\./,
    );
  });
});
