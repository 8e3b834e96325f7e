import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build() {
  const built = await buildTestService();
  app = built.app;
  await app.ready();
  return built;
}

describe('error format', () => {
  it('answers malformed JSON with 400 invalid_json', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { 'content-type': 'application/json' },
      payload: '{"name": "x",',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'invalid_json',
      error: 'Request body is not valid JSON',
      requestId: res.headers['x-request-id'],
    });
  });

  it('lists every bad field on validation errors', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'POST', url: '/api/items', payload: { name: '', quantity: 'many' } });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('validation_failed');
    const fields = body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['body.name', 'body.quantity']));
    expect(body.error).toContain('body.name');
  });

  it('names a missing body field', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'POST', url: '/api/items', payload: { name: 'ok' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().details).toEqual([expect.objectContaining({ field: 'body.quantity' })]);
  });

  it('rejects an oversize body with 413 and keeps serving', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/items',
      payload: { name: 'x'.repeat(5000), quantity: 1 },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().code).toBe('payload_too_large');
    expect((await app.inject({ method: 'GET', url: '/api/hello' })).statusCode).toBe(200);
  });

  it('rejects a non-JSON content type with 415', async () => {
    const { app } = await build();
    const res = await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { 'content-type': 'text/xml' },
      payload: '<a/>',
    });
    expect(res.statusCode).toBe(415);
    expect(res.json().code).toBe('unsupported_media_type');
  });

  it('answers unknown routes with a JSON 404', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toContain('application/json');
    expect(res.json()).toMatchObject({ code: 'route_not_found', error: 'Route GET /api/nope not found' });
  });

  it('maps domain errors to their status and code', async () => {
    const { app } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/items/missing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toMatchObject({ error: 'Item not found', code: 'not_found' });
  });

  it('refuses to send a response that breaks its schema, and logs why', async () => {
    const { app, logs } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/broken-response' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal_error' });
    expect(logs.text()).toContain('response did not match its schema');
  });

  it('hides unexpected errors behind a generic 500 and logs the detail', async () => {
    const { app, logs } = await build();
    const res = await app.inject({ method: 'GET', url: '/api/boom' });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ error: 'Internal server error', code: 'internal_error' });
    expect(res.body).not.toContain('exploded');
    expect(res.body).not.toContain('app.js');
    expect(logs.text()).toContain('exploded');
  });
});
