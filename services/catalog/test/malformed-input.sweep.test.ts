import { describeFinding, sweepMalformedInput } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCatalog, type Harness } from './helpers/catalog-harness.js';

// Every route of catalog's OpenAPI document, sent NUL bytes, lone surrogates, prototype names, oversized values,
// malformed JSON and malformed cookies, anonymously and as an org admin: none may answer 5xx or hang.
let h: Harness;
let baseUrl: string;

beforeAll(async () => {
  h = await startCatalog();
  baseUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
});
afterAll(() => h?.close());

describe('catalog under malformed input', () => {
  it('answers every route with a status below 500', async () => {
    const user = await h.registerOrgAdmin('Sweep');
    const created = await fetch(`${baseUrl}/api/resources`, {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ key: 'sweep/target', name: 'Sweep target', type: 'context', orgId: user.orgId }),
    });
    const resource = (await created.json()) as { id?: string };
    const result = await sweepMalformedInput({
      baseUrl,
      token: user.token,
      pathValues: { orgId: user.orgId, ...(resource.id && { id: resource.id }) },
    });
    expect(result.operations).toBeGreaterThan(10);
    expect(result.findings.map(describeFinding)).toEqual([]);
  }, 120_000);
});
