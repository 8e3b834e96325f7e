import { describeFinding, sweepMalformedInput } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIntegrations, type Harness } from './helpers/integrations-harness.js';

// Every route of integrations' OpenAPI document, sent NUL bytes, lone surrogates, prototype names (as provider
// ids too), oversized values, malformed JSON and malformed cookies, anonymously and as an org admin: none may
// answer 5xx or hang. Upstream providers are the loopback fakes of the harness.
let h: Harness;

beforeAll(async () => {
  h = await startIntegrations();
});
afterAll(() => h?.close());

describe('integrations under malformed input', () => {
  it('answers every route with a status below 500', async () => {
    const user = await h.registerOrgAdmin('Sweep');
    const result = await sweepMalformedInput({
      baseUrl: h.main.url,
      token: user.token,
      pathValues: { orgId: user.orgId, provider: 'openai' },
    });
    expect(result.operations).toBeGreaterThan(5);
    expect(result.findings.map(describeFinding)).toEqual([]);
  }, 120_000);
});
