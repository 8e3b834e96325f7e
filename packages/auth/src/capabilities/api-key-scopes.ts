import type { Principal } from '../principal.js';

/**
 * API-key scopes (DESIGN §6: "API-key scopes are enforced on every route"). Every route of every service needs
 * one scope of its domain: `<domain>:read` for GET/HEAD, `<domain>:write` otherwise, unless the route declares
 * another (spending stored provider keys is `integrations:execute`). A key carries exactly its scopes, and
 * never more than its creator (identity intersects at introspection).
 *
 * Broad legacy labels expand here, once: `read` and `read:resources` (identity.md §11 scenario 12) mean every
 * domain's read scope; `write` and `write:resources` every domain's write scope. None of them includes
 * `integrations:execute`.
 */
export const apiKeyScopeDomains = Object.freeze([
  'identity',
  'catalog',
  'messaging',
  'integrations',
  'network',
  'logging',
  'runtime',
  'assistants',
  'models',
] as const);

export type ApiKeyScopeDomain = (typeof apiKeyScopeDomains)[number];

export const EXECUTE_SCOPE = 'integrations:execute';

const readScopes = apiKeyScopeDomains.map((domain) => `${domain}:read`);
const writeScopes = apiKeyScopeDomains.map((domain) => `${domain}:write`);

const expansions = new Map<string, readonly string[]>([
  ['read', readScopes],
  ['read:resources', readScopes],
  ['write', writeScopes],
  ['write:resources', writeScopes],
]);
for (const scope of [...readScopes, ...writeScopes, EXECUTE_SCOPE]) expansions.set(scope, [scope]);

/** Whether identity accepts `scope` on a new key. */
export function isKnownApiKeyScope(scope: string): boolean {
  return expansions.has(scope);
}

/** The concrete scopes a key's scope list stands for; unknown labels stand for nothing. */
export function expandApiKeyScopes(scopes: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const scope of scopes) for (const concrete of expansions.get(scope) ?? []) out.add(concrete);
  return out;
}

/** Methods that only read: a route answering them needs its domain's read scope. */
export function isReadMethod(method: string): boolean {
  return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** The scope a route needs when it declares none: read for GET/HEAD/OPTIONS, write for the rest. */
export function defaultApiKeyScope(domain: string, method: string): string {
  return isReadMethod(method) ? `${domain}:read` : `${domain}:write`;
}

// Principals handed out by the introspector are frozen and cached, so one expansion serves every request of a key.
const expandedScopes = new WeakMap<Principal, ReadonlySet<string>>();

/**
 * Whether the principal may make a request that needs API-key `scope`: anything not authenticated by an API key
 * passes (its rights are checked elsewhere); a key passes only when its expanded scopes contain `scope`.
 */
export function apiKeyAllows(principal: Principal, scope: string): boolean {
  if (principal.via !== 'api_key') return true;
  let scopes = expandedScopes.get(principal);
  if (scopes === undefined) {
    scopes = expandApiKeyScopes(principal.scopes ?? []);
    expandedScopes.set(principal, scopes);
  }
  return scopes.has(scope);
}
