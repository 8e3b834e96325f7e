import { describeFinding, sweepMalformedInput } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMessaging, type Harness } from './helpers/messaging-harness.js';

// Every route of messaging's OpenAPI document, sent NUL bytes, lone surrogates, prototype names, oversized values,
// malformed JSON and malformed cookies, anonymously and as an org admin: none may answer 5xx or hang.
let h: Harness;

beforeAll(async () => {
  h = await startMessaging({ listen: true });
});
afterAll(() => h?.close());

describe('messaging under malformed input', () => {
  it('answers every route with a status below 500', async () => {
    const user = await h.registerOrgUser('Sweep');
    const created = await fetch(`${h.url}/api/conversations`, {
      method: 'POST',
      headers: { ...user.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'group', name: 'Sweep', orgId: user.orgId }),
    });
    const conversation = (await created.json()) as { id?: string };
    const result = await sweepMalformedInput({
      baseUrl: h.url,
      token: user.token,
      pathValues: {
        orgId: user.orgId,
        ...(conversation.id && { id: conversation.id, conversationId: conversation.id }),
      },
    });
    expect(result.operations).toBeGreaterThan(10);
    expect(result.findings.map(describeFinding)).toEqual([]);
  }, 120_000);
});
