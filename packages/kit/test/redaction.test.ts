import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import { redactDeep, type ServiceApp } from '../src/index.js';

describe('redactDeep', () => {
  it('redacts secret-looking keys at any depth, case-insensitively', () => {
    const input = {
      user: 'ann',
      headers: { Authorization: 'Bearer abc', cookie: 'token=x', 'X-API-Key': 'sk_1' },
      deep: {
        a: {
          b: {
            c: [{ password: 'pw-1', refreshToken: 'rt-1', client_secret: 'cs-1', credential: 'cr-1', apiKey: 'ak-1' }],
          },
        },
      },
    };
    const out = redactDeep(input);
    const text = JSON.stringify(out);
    for (const secret of ['Bearer abc', 'token=x', 'sk_1', 'pw-1', 'rt-1', 'cs-1', 'cr-1', 'ak-1'])
      expect(text).not.toContain(secret);
    expect(out.user).toBe('ann');
    // The input is not mutated.
    expect(input.headers.Authorization).toBe('Bearer abc');
  });

  it('returns the same object when nothing is sensitive', () => {
    const input = { a: 1, b: { c: [1, 2, { d: 'e' }] } };
    expect(redactDeep(input)).toBe(input);
  });

  it('survives cycles', () => {
    const input: Record<string, unknown> = { password: 'x' };
    input.self = input;
    expect(() => redactDeep(input)).not.toThrow();
  });
});

describe('service logs', () => {
  let app: ServiceApp;
  let logs: Awaited<ReturnType<typeof buildTestService>>['logs'];
  beforeAll(async () => {
    ({ app, logs } = await buildTestService());
    await app.ready();
  });
  afterAll(() => app.close());

  it('never contain secrets logged by a route, and never the Authorization header', async () => {
    await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { authorization: 'Bearer eyJ.secret.jwt', cookie: 'token=cookie-secret' },
      payload: { name: 'widget', quantity: 3 },
    });
    const text = logs.text();
    expect(text).toContain('item created');
    expect(text).toContain('widget');
    for (const secret of ['hunter2-secret', 'sk_live_leak', '"tkn"', 'eyJ.secret.jwt', 'cookie-secret'])
      expect(text).not.toContain(secret);
  });

  it('write one structured line per request with its request id', async () => {
    const res = await app.inject({ method: 'GET', url: '/api/hello', headers: { 'x-request-id': 'log-line-1' } });
    expect(res.statusCode).toBe(200);
    const line = logs.entries().find((entry) => entry.requestId === 'log-line-1');
    expect(line).toMatchObject({
      msg: 'request completed',
      method: 'GET',
      path: '/api/hello',
      status: 200,
      service: 'kit-test',
    });
  });

  it('tag what a route logs through request.log with the same requestId as the access line', async () => {
    const res = await app.inject({
      method: 'POST',
      url: '/api/items',
      headers: { 'x-request-id': 'route-line-1' },
      payload: { name: 'gadget', quantity: 1 },
    });
    expect(res.statusCode).toBe(201);
    const lines = logs.entries().filter((entry) => entry.requestId === 'route-line-1');
    expect(lines.map((entry) => entry.msg)).toEqual(['item created', 'request completed']);
    expect(lines[0]).toMatchObject({ service: 'kit-test', level: 30 });
  });
});
