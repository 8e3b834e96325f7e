import { describe, expect, it } from 'vitest';
import { claimsToPrincipal, InvalidClaimsError, parseAccessTokenClaims } from '../src/index.js';

const base = {
  sub: 'agent-row-1',
  typ: 'agent',
  agent: 'assistant:demo',
  iss: 'i',
  aud: ['symbia', 'x'],
  iat: 1,
  exp: 2,
  jti: 'j',
};

describe('access-token claims', () => {
  it('maps an agent token; the active org counts as a membership', () => {
    const principal = claimsToPrincipal(
      parseAccessTokenClaims({ ...base, org: 'org-a', ent: ['cap:messaging.send'], sid: 's' }),
    );
    expect(principal).toEqual({
      type: 'agent',
      id: 'agent-row-1',
      agentId: 'assistant:demo',
      orgId: 'org-a',
      orgs: [{ id: 'org-a', role: 'member' }],
      entitlements: ['cap:messaging.send'],
      roles: [],
      isSuperAdmin: false,
      sessionId: 's',
      via: 'jwt',
      expiresAt: 2,
    });
  });

  it('keeps the org role from orgs when the active org is listed', () => {
    const principal = claimsToPrincipal(
      parseAccessTokenClaims({ ...base, typ: 'user', org: 'o', orgs: [{ id: 'o', role: 'admin' }], sa: true }),
    );
    expect(principal.orgs).toEqual([{ id: 'o', role: 'admin' }]);
    expect(principal.isSuperAdmin).toBe(true);
  });

  it('ignores unknown claims', () => {
    expect(parseAccessTokenClaims({ ...base, extra: { nested: true } })).not.toHaveProperty('extra');
  });

  it.each([
    ['missing sub', { sub: undefined }],
    ['empty sub', { sub: '' }],
    ['unknown typ', { typ: 'root' }],
    ['service without svc', { typ: 'service' }],
    ['sa not boolean', { sa: 'true' }],
    ['ent not an array', { ent: 'cap:x' }],
    ['bad orgs entry', { orgs: [{ id: 'o' }] }],
    ['empty aud', { aud: [] }],
    ['exp not a number', { exp: '2' }],
    ['missing jti', { jti: undefined }],
  ])('rejects %s', (_name, patch) => {
    expect(() => parseAccessTokenClaims({ ...base, ...patch })).toThrow(InvalidClaimsError);
  });
});
