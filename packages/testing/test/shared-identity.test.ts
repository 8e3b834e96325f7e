import { describe, expect, it } from 'vitest';
import { sharedIdentityForTests } from '../src/index.js';

describe('sharedIdentityForTests (one identity process per worker)', () => {
  it('hands every caller in the worker the same running identity, and close() leaves it running', async () => {
    const first = await sharedIdentityForTests();
    const again = await sharedIdentityForTests();
    expect(again).toBe(first);
    await first.close();
    expect((await fetch(`${first.url}/health/ready`)).status).toBe(200);
    const me = await fetch(`${first.url}/api/auth/me`, { headers: first.admin.headers });
    expect(((await me.json()) as { user: { isSuperAdmin: boolean } }).user.isSuperAdmin).toBe(true);
  });

  it('takes the registrations and super-admin calls of many files within a minute (raised per-minute limits)', async () => {
    const identity = await sharedIdentityForTests();
    // Production identity refuses the 11th registration from one address in a minute, and the 31st admin call.
    const users = [];
    for (let i = 0; i < 12; i += 1) users.push(await identity.registerOrgAdmin(`Org ${i}`));
    for (const user of users) await identity.grantEntitlement(user.id, 'cap:registry.sign');
    for (const user of users.slice(0, 12)) await identity.grantEntitlement(user.id, 'cap:messaging.observe');
    for (const user of users.slice(0, 8)) await identity.grantEntitlement(user.id, 'cap:registry.write');
    expect(new Set(users.map((u) => u.id)).size).toBe(12);
  }, 60_000);
});
