import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestService } from '../src/testing/index.js';
import type { ServiceApp } from '../src/index.js';

let app: ServiceApp;
beforeAll(async () => {
  ({ app } = await buildTestService());
  await app.ready();
});
afterAll(() => app.close());

describe('/metrics', () => {
  it('exports request counts and latency by route template, method and status, plus process metrics', async () => {
    await app.inject({ method: 'GET', url: '/api/items/a1' });
    await app.inject({ method: 'GET', url: '/api/items/zz' });
    await app.inject({ method: 'GET', url: '/api/unknown-path-123' });
    await app.inject({ method: 'GET', url: '/health' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('text/plain');
    const text = res.body;
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/items\/:id",status_code="200",service="kit-test"\} 1/,
    );
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/items\/:id",status_code="404",service="kit-test"\} 1/,
    );
    expect(text).toContain('http_request_duration_seconds_bucket');
    expect(text).toContain('process_cpu_user_seconds_total');
    // Raw URLs never become labels, and probes are left out.
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="__unmatched__",status_code="404",service="kit-test"\} 1/,
    );
    expect(text).not.toContain('unknown-path-123');
    expect(text).not.toMatch(/route="\/health"/);
  });
});
