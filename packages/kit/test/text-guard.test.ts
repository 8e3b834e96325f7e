import { connect } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

async function build(): Promise<ServiceApp> {
  app = (await buildTestService({ env: { BODY_LIMIT_BYTES: '4096' } })).app;
  await app.ready();
  return app;
}

const postJson = (service: ServiceApp, payload: string) =>
  service.inject({ method: 'POST', url: '/api/items', headers: { 'content-type': 'application/json' }, payload });

/** Sends raw bytes over a real socket and returns the first response (status line to body). */
async function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(bytes));
    let text = '';
    socket.on('data', (chunk) => (text += String(chunk)));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

describe('text guard', () => {
  it('refuses a NUL in a body string with 400 invalid_text naming the field', async () => {
    const service = await build();
    const res = await postJson(service, '{"name":"a\\u0000b","quantity":1}');
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({
      code: 'invalid_text',
      details: [{ field: 'body.name', message: expect.stringContaining('NUL') }],
    });
  });

  it('refuses a lone surrogate, names nested fields and object keys', async () => {
    const service = await build();
    const lone = await postJson(service, '{"name":"x\\uD800","quantity":1}');
    expect(lone.statusCode).toBe(400);
    expect(lone.json()).toMatchObject({
      code: 'invalid_text',
      details: [{ field: 'body.name', message: expect.stringContaining('surrogate') }],
    });
    const nested = await postJson(service, '{"name":"ok","quantity":1,"tags":[{"label":"fine"},{"label":"\\udc00"}]}');
    expect(nested.json()).toMatchObject({ code: 'invalid_text', details: [{ field: 'body.tags.1.label' }] });
    const key = await postJson(service, '{"name":"ok","quantity":1,"meta":{"a\\u0000":1}}');
    expect(key.statusCode).toBe(400);
    expect(key.json()).toMatchObject({ code: 'invalid_text', details: [{ field: 'body.meta' }] });
  });

  it('finds the field however deep the document nests', async () => {
    const service = await build();
    const deep = `{"name":"ok","quantity":1,"meta":${'['.repeat(2000)}"\\u0000"${']'.repeat(2000)}}`;
    const res = await postJson(service, deep);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_text', details: [{ field: `body.meta${'.0'.repeat(2000)}` }] });
  });

  it('accepts surrogate pairs and an escaped backslash before u0000', async () => {
    const service = await build();
    const pair = await postJson(service, '{"name":"smile \\ud83d\\ude00","quantity":1}');
    expect(pair.statusCode).toBe(201);
    expect(pair.json().name).toBe('smile \u{1F600}');
    const literal = await postJson(service, '{"name":"\\\\u0000","quantity":1}');
    expect(literal.statusCode).toBe(201);
    expect(literal.json().name).toBe('\\u0000');
  });

  it('keeps refusing prototype poisoning and malformed JSON as before', async () => {
    const service = await build();
    const proto = await postJson(service, '{"name":"x","quantity":1,"__proto__":{"admin":true}}');
    expect(proto.statusCode).toBe(400);
    const broken = await postJson(service, '{"name":"\\u0000');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().code).toBe('invalid_json');
  });

  it('refuses a NUL in a plain-text body', async () => {
    const service = await build();
    const res = await service.inject({
      method: 'POST',
      url: '/api/items',
      headers: { 'content-type': 'text/plain' },
      payload: 'a\0b',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_text', details: [{ field: 'body' }] });
  });

  it('refuses %00 in a path parameter or a query value before the route runs', async () => {
    const service = await build();
    const param = await service.inject({ method: 'GET', url: '/api/items/a%00b' });
    expect(param.statusCode).toBe(400);
    expect(param.json()).toMatchObject({
      code: 'invalid_text',
      details: [{ field: 'params.id' }],
      requestId: param.headers['x-request-id'],
    });
    const query = await service.inject({ method: 'GET', url: '/api/slow?ms=%00' });
    expect(query.statusCode).toBe(400);
    expect(query.json()).toMatchObject({ code: 'invalid_text', details: [{ field: 'query.ms' }] });
    expect((await service.inject({ method: 'GET', url: '/api/items/a1?note=100%25' })).statusCode).toBe(200);
  });

  it('answers over a real socket and keeps serving the connection', async () => {
    const service = await build();
    await service.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(service.server.address() as { port: number }).port}`;
    const refused = await fetch(`${base}/api/items/%00`);
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { code: string }).code).toBe('invalid_text');
    expect((await fetch(`${base}/api/items/a1`)).status).toBe(200);
  });

  it('answers a NUL byte in a header with 400 malformed_request', async () => {
    const service = await build();
    await service.listen({ port: 0, host: '127.0.0.1' });
    const port = (service.server.address() as { port: number }).port;
    const text = await rawRequest(port, 'GET /api/hello HTTP/1.1\r\nHost: x\r\nX-Note: a\0b\r\n\r\n');
    expect(text.split('\r\n')[0]).toBe('HTTP/1.1 400 Bad Request');
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toEqual({
      error: 'Malformed HTTP request',
      code: 'malformed_request',
    });
  });
});
