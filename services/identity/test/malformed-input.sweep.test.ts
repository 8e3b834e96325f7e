import { randomBytes } from 'node:crypto';
import { describeFinding, sweepMalformedInput } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startIdentity, type Harness } from './helpers/identity-harness.js';

// Every route of identity's OpenAPI document, sent NUL bytes, lone surrogates, prototype names, oversized values,
// malformed JSON and malformed cookies, anonymously and as an org admin: none may answer 5xx or hang.
let h: Harness;
let baseUrl: string;
let session: { token: string; orgId: string; userId: string };

async function registerOrgAdmin(): Promise<typeof session> {
  const res = await h.app.inject({
    method: 'POST',
    url: '/api/auth/register',
    payload: {
      email: `sweep-${randomBytes(4).toString('hex')}@example.test`,
      password: 'correct horse battery',
      name: 'Sweep',
      orgName: `Sweep ${randomBytes(3).toString('hex')}`,
    },
  });
  if (res.statusCode !== 200) throw new Error(`register failed: ${res.statusCode} ${res.body}`);
  const body = res.json() as { token: string; user: { id: string }; organization: { id: string } };
  return { token: body.token, orgId: body.organization.id, userId: body.user.id };
}

/** The swept routes include logout and deleting oneself: a session they ended is replaced before the next route. */
async function liveToken(): Promise<string> {
  const me = await h.app.inject({
    method: 'GET',
    url: '/api/auth/me',
    headers: { authorization: `Bearer ${session.token}` },
  });
  if (me.statusCode !== 200) session = await registerOrgAdmin();
  return session.token;
}

beforeAll(async () => {
  h = await startIdentity({ LOG_LEVEL: 'warn' });
  baseUrl = await h.app.listen({ host: '127.0.0.1', port: 0 });
  session = await registerOrgAdmin();
});
afterAll(() => h?.close());

describe('identity under malformed input', () => {
  it('answers every route with a status below 500', async () => {
    const result = await sweepMalformedInput({
      baseUrl,
      token: liveToken,
      pathValues: { orgId: session.orgId, id: session.orgId, userId: session.userId },
    });
    expect(result.operations).toBeGreaterThan(20);
    expect(result.findings.map(describeFinding)).toEqual([]);
  }, 120_000);
});
