import { refusalOf } from '@symbia/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  agentCredential,
  registerUser,
  serviceSession,
  startIdentity,
  type Harness,
} from '../helpers/identity-harness.js';

// Real identity on a real database; callers are told apart by their socket address (inject's remoteAddress).
// 10.0.0.5 plays the website: the one proxy identity trusts.
const PROXY = '10.0.0.5';
let h: Harness;

beforeAll(async () => {
  h = await startIdentity({ TRUSTED_PROXIES: `${PROXY},192.168.0.0/16` });
});
afterAll(() => h.close());

type From = { peer: string; forwardedFor?: string };
const viaProxy = (client: string): From => ({ peer: PROXY, forwardedFor: client });

function login(email: string, password: string, from: From) {
  return h.app.inject({
    method: 'POST',
    url: '/api/auth/login',
    remoteAddress: from.peer,
    payload: { email, password },
    headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
  });
}

/** Fails logins until identity answers 429; returns how many attempts that took. */
async function failUntilThrottled(emailFor: (i: number) => string, from: (i: number) => From): Promise<number> {
  for (let i = 0; i < 40; i += 1) {
    const res = await login(emailFor(i), 'wrong-password', from(i));
    if (res.statusCode === 429) {
      expect(res.json().code).toBe('rate_limited');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      return i + 1;
    }
    expect(refusalOf(res)).toEqual({ status: 401, code: 'invalid_credentials' });
  }
  throw new Error('never throttled');
}

describe('login throttle keyed by account and client address', () => {
  it('slows an address failing one account, while the owner signs in from another address behind the same proxy', async () => {
    const owner = await registerUser(h.app);
    expect(
      await failUntilThrottled(
        () => owner.email,
        () => viaProxy('203.0.113.10'),
      ),
    ).toBe(6);
    expect(refusalOf(await login(owner.email, owner.password, viaProxy('203.0.113.10')))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    expect((await login(owner.email, owner.password, viaProxy('198.51.100.20'))).statusCode).toBe(200);
    // The attacker's address may still try other accounts until its own per-address limit.
    const other = await registerUser(h.app);
    expect((await login(other.email, other.password, viaProxy('203.0.113.10'))).statusCode).toBe(200);
  });

  it('slows an address failing many accounts, and nobody else', async () => {
    const owner = await registerUser(h.app);
    expect(
      await failUntilThrottled(
        (i) => `spray-${i}@example.test`,
        () => viaProxy('203.0.113.30'),
      ),
    ).toBe(21);
    expect(refusalOf(await login(owner.email, owner.password, viaProxy('203.0.113.30')))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    expect((await login(owner.email, owner.password, viaProxy('198.51.100.30'))).statusCode).toBe(200);
    expect((await login(owner.email, owner.password, { peer: '198.51.100.31' })).statusCode).toBe(200);
  });

  it('does not let a success from the attacker reset its per-address count', async () => {
    const mine = await registerUser(h.app);
    for (let i = 0; i < 19; i += 1)
      expect(refusalOf(await login(`probe-${i}@example.test`, 'wrong-password', viaProxy('203.0.113.40')))).toEqual({
        status: 401,
        code: 'invalid_credentials',
      });
    expect((await login(mine.email, mine.password, viaProxy('203.0.113.40'))).statusCode).toBe(200);
    expect(refusalOf(await login('probe-last@example.test', 'wrong-password', viaProxy('203.0.113.40')))).toEqual({
      status: 401,
      code: 'invalid_credentials',
    });
    expect(refusalOf(await login(mine.email, mine.password, viaProxy('203.0.113.40')))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
    const owner = await registerUser(h.app);
    // Every attempt claims another address; the peer is what counts.
    expect(
      await failUntilThrottled(
        () => owner.email,
        (i) => ({ peer: '203.0.113.50', forwardedFor: `198.51.100.${i + 1}` }),
      ),
    ).toBe(6);
    expect(
      refusalOf(await login(owner.email, owner.password, { peer: '203.0.113.50', forwardedFor: '198.51.100.99' })),
    ).toEqual({ status: 429, code: 'rate_limited' });
    // The addresses it claimed were never charged: the real 198.51.100.1 behind the proxy signs in.
    expect((await login(owner.email, owner.password, viaProxy('198.51.100.1'))).statusCode).toBe(200);
  });

  it('keys agent logins the same way', async () => {
    const assistants = await serviceSession(h.app, 'assistants');
    const credential = agentCredential();
    const registered = await h.app.inject({
      method: 'POST',
      url: '/api/auth/agent/register',
      headers: assistants.headers,
      payload: { agentId: 'agent:throttled', credential, name: 'T' },
    });
    expect(registered.statusCode).toBe(200);
    const agentLogin = (secret: string, from: From) =>
      h.app.inject({
        method: 'POST',
        url: '/api/auth/agent/login',
        remoteAddress: from.peer,
        payload: { agentId: 'agent:throttled', credential: secret },
        headers: from.forwardedFor ? { 'x-forwarded-for': from.forwardedFor } : {},
      });
    for (let i = 0; i < 5; i += 1)
      expect(refusalOf(await agentLogin('z'.repeat(40), viaProxy('203.0.113.60')))).toEqual({
        status: 401,
        code: 'invalid_agent_credentials',
      });
    expect(refusalOf(await agentLogin(credential, viaProxy('203.0.113.60')))).toEqual({
      status: 429,
      code: 'rate_limited',
    });
    expect((await agentLogin(credential, viaProxy('198.51.100.60'))).statusCode).toBe(200);
  });

  it('rate-limits registration per client address behind the proxy (W13)', async () => {
    const limited = await startIdentity({ TRUSTED_PROXIES: PROXY }, { limits: { registerPerMinute: 2 } });
    try {
      const register = (i: number, client: string) =>
        limited.app.inject({
          method: 'POST',
          url: '/api/auth/register',
          remoteAddress: PROXY,
          headers: { 'x-forwarded-for': client },
          payload: { email: `w13-${client}-${i}@example.test`, password: 'correct horse battery', name: 'W' },
        });
      expect((await register(1, '203.0.113.70')).statusCode).toBe(200);
      expect((await register(2, '203.0.113.70')).statusCode).toBe(200);
      const third = await register(3, '203.0.113.70');
      expect([third.statusCode, third.json().code]).toEqual([429, 'rate_limited']);
      expect((await register(4, '198.51.100.70')).statusCode).toBe(200);
    } finally {
      await limited.close();
    }
  });
});
