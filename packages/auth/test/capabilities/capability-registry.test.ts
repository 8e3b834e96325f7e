import { describe, expect, it } from 'vitest';
import {
  canonicalCapabilities,
  canonicalCapability,
  capabilityDefinitions,
  checkGrant,
  findCapability,
  firstRefusedGrant,
  hasCapabilityFor,
  holdsCapability,
  type Granter,
  type Principal,
} from '../../src/index.js';

const principal = (overrides: Partial<Principal>): Principal => ({
  type: 'user',
  id: 'u1',
  orgId: 'org-a',
  orgs: [{ id: 'org-a', role: 'member' }],
  entitlements: [],
  roles: [],
  isSuperAdmin: false,
  sessionId: 's1',
  via: 'jwt',
  ...overrides,
});

describe('capability registry', () => {
  it('maps legacy aliases to one canonical name', () => {
    expect(canonicalCapability('messaging:admin')).toBe('cap:messaging.admin');
    expect(canonicalCapability('collaborate:admin')).toBe('cap:messaging.admin');
    expect(canonicalCapabilities(['messaging:admin', 'cap:messaging.admin', 'cap:unknown'])).toEqual([
      'cap:messaging.admin',
      'cap:unknown',
    ]);
    expect(findCapability('cap:unknown')).toBeUndefined();
  });

  it('lists every service admin capability and cap:global.* as platform-wide', () => {
    for (const definition of capabilityDefinitions) {
      if (/^cap:[a-z]+\.admin$/.test(definition.name) || definition.name.startsWith('cap:global.')) {
        expect(definition.scope, definition.name).toBe('platform');
      }
    }
    expect(findCapability('role:admin')?.scope).toBe('platform');
    // Publishing or signing what every tenant consumes is a platform act, never an org admin's to hand out.
    expect(findCapability('cap:registry.publish')?.scope).toBe('platform');
    expect(findCapability('cap:registry.sign')?.scope).toBe('platform');
  });
});

describe('hasCapabilityFor', () => {
  const agent = principal({ type: 'agent', entitlements: ['messaging:admin', 'cap:messaging.send'] });

  it('acts with an org-scoped capability only inside the holder’s orgs', () => {
    expect(hasCapabilityFor(agent, 'cap:messaging.send', 'org-a')).toBe(true);
    expect(hasCapabilityFor(agent, 'cap:messaging.send', 'org-b')).toBe(false);
  });

  it('keeps platform rows to super admins and services holding the capability', () => {
    expect(hasCapabilityFor(agent, 'cap:messaging.admin', null)).toBe(false);
    expect(hasCapabilityFor(agent, 'cap:messaging.send', null)).toBe(false);
    const service = principal({ type: 'service', orgs: [], orgId: null, entitlements: ['cap:registry.write'] });
    expect(hasCapabilityFor(service, 'cap:registry.write', null)).toBe(true);
    expect(hasCapabilityFor(service, 'cap:registry.publish', null)).toBe(false);
    expect(hasCapabilityFor(principal({ isSuperAdmin: true }), 'cap:anything', null)).toBe(true);
  });

  it('honours aliases and ignores capabilities the registry does not know', () => {
    expect(holdsCapability(agent, 'collaborate:admin')).toBe(true);
    expect(hasCapabilityFor(agent, 'cap:messaging.admin', 'org-b')).toBe(true);
    expect(hasCapabilityFor(principal({ entitlements: ['cap:made-up'] }), 'cap:made-up', 'org-a')).toBe(false);
  });
});

describe('checkGrant', () => {
  const orgAdmin: Granter = { isSuperAdmin: false, held: [], isAdminOfTargetOrg: true };
  const superAdmin: Granter = { isSuperAdmin: true, held: [], isAdminOfTargetOrg: false };
  const member: Granter = { isSuperAdmin: false, held: ['cap:messaging.send'], isAdminOfTargetOrg: false };

  it('refuses names outside the registry and service-only capabilities, even to super admins', () => {
    expect(checkGrant(superAdmin, 'cap:everything')).toBe('capability_unknown');
    expect(checkGrant(superAdmin, 'cap:impersonate')).toBe('reserved_capability');
  });

  it('lets only super admins grant platform capabilities, aliases included', () => {
    expect(checkGrant(orgAdmin, 'messaging:admin')).toBe('capability_platform_only');
    expect(checkGrant(orgAdmin, 'role:admin')).toBe('capability_platform_only');
    expect(checkGrant(superAdmin, 'messaging:admin')).toBeNull();
  });

  it('lets an org admin grant its org’s capabilities and anyone else only what it holds', () => {
    expect(checkGrant(orgAdmin, 'cap:messaging.send')).toBeNull();
    expect(checkGrant(member, 'cap:messaging.send')).toBeNull();
    expect(checkGrant(member, 'cap:messaging.interrupt')).toBe('capability_not_held');
    expect(firstRefusedGrant(member, ['cap:messaging.send', 'cap:catalog.write'])).toEqual({
      capability: 'cap:catalog.write',
      reason: 'capability_not_held',
    });
    expect(firstRefusedGrant(member, ['cap:messaging.send'])).toBeNull();
  });
});
