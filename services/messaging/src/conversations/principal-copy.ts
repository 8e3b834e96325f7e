import type { Principal } from '@symbia/auth';

/** Principals handed around are shared (token caches), so derived ones are frozen like @symbia/auth's. */
export function freezePrincipalCopy(principal: Principal): Principal {
  for (const org of principal.orgs) Object.freeze(org);
  Object.freeze(principal.orgs);
  Object.freeze(principal.entitlements);
  Object.freeze(principal.roles);
  return Object.freeze(principal);
}
