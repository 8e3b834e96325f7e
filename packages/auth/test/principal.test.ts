import { describe, expect, it } from 'vitest';
import {
  hasAllEntitlements,
  hasAnyEntitlement,
  hasEntitlement,
  isOrgAdmin,
  isOrgMember,
  type Principal,
} from '../src/index.js';

const member: Principal = {
  type: 'user',
  id: 'u1',
  orgId: 'org-a',
  orgs: [
    { id: 'org-a', role: 'member' },
    { id: 'org-b', role: 'admin' },
  ],
  entitlements: ['cap:catalog.read', 'cap:messaging.write'],
  roles: [],
  isSuperAdmin: false,
  sessionId: 's1',
  via: 'jwt',
};
const superAdmin: Principal = { ...member, orgs: [], entitlements: [], isSuperAdmin: true };

describe('principal helpers', () => {
  it('checks entitlements; super admins hold all of them', () => {
    expect(hasEntitlement(member, 'cap:catalog.read')).toBe(true);
    expect(hasEntitlement(member, 'cap:catalog.write')).toBe(false);
    expect(hasEntitlement(superAdmin, 'cap:catalog.write')).toBe(true);
    expect(hasAnyEntitlement(member, ['cap:x', 'cap:messaging.write'])).toBe(true);
    expect(hasAnyEntitlement(member, ['cap:x', 'cap:y'])).toBe(false);
    expect(hasAnyEntitlement(superAdmin, ['cap:x'])).toBe(true);
    expect(hasAllEntitlements(member, ['cap:catalog.read', 'cap:messaging.write'])).toBe(true);
    expect(hasAllEntitlements(member, ['cap:catalog.read', 'cap:y'])).toBe(false);
  });

  it('checks org membership and admin role', () => {
    expect(isOrgMember(member, 'org-a')).toBe(true);
    expect(isOrgMember(member, 'org-c')).toBe(false);
    expect(isOrgAdmin(member, 'org-a')).toBe(false);
    expect(isOrgAdmin(member, 'org-b')).toBe(true);
    expect(isOrgMember(superAdmin, 'org-c')).toBe(true);
    expect(isOrgAdmin(superAdmin, 'org-c')).toBe(true);
  });
});
