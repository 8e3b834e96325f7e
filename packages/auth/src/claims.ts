import { freezePrincipal, type OrgMembership, type Principal, type PrincipalType } from './principal.js';

/**
 * The access-token contract identity mints (DESIGN §6) and every service verifies. Identity signs these
 * with EdDSA and a `kid` header naming a key published in its JWKS.
 */
export interface AccessTokenClaims {
  sub: string;
  typ: PrincipalType;
  /** Active org of the session. */
  org?: string;
  orgs?: OrgMembership[];
  ent?: string[];
  roles?: string[];
  sa?: boolean;
  /** Session id; absent on service tokens (they cannot be revoked, they just expire). */
  sid?: string;
  name?: string;
  email?: string;
  /** Agents: the public agent id. */
  agent?: string;
  /** Services: the service id. */
  svc?: string;
  iss: string;
  aud: string | string[];
  iat: number;
  exp: number;
  jti: string;
}

/** Thrown when a signature-valid token does not carry the claims we require. */
export class InvalidClaimsError extends Error {
  constructor(reason: string) {
    super(`Invalid access-token claims: ${reason}`);
    this.name = 'InvalidClaimsError';
  }
}

type Payload = Record<string, unknown>;

const isNonEmptyString = (v: unknown): v is string => typeof v === 'string' && v.length > 0;
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((s) => typeof s === 'string');

function requireString(p: Payload, key: string): string {
  const v = p[key];
  if (!isNonEmptyString(v)) throw new InvalidClaimsError(`${key} must be a non-empty string`);
  return v;
}

function optionalString(p: Payload, key: string): string | undefined {
  const v = p[key];
  if (v === undefined || v === null) return undefined;
  if (!isNonEmptyString(v)) throw new InvalidClaimsError(`${key} must be a non-empty string`);
  return v;
}

function optionalStringArray(p: Payload, key: string): string[] | undefined {
  const v = p[key];
  if (v === undefined) return undefined;
  if (!isStringArray(v)) throw new InvalidClaimsError(`${key} must be an array of strings`);
  return v;
}

function requireNumber(p: Payload, key: string): number {
  const v = p[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) throw new InvalidClaimsError(`${key} must be a number`);
  return v;
}

function parseOrgs(v: unknown): OrgMembership[] | undefined {
  if (v === undefined) return undefined;
  if (!Array.isArray(v)) throw new InvalidClaimsError('orgs must be an array');
  return v.map((o: unknown) => {
    const org = o as Payload | null;
    if (typeof org !== 'object' || org === null || !isNonEmptyString(org.id) || !isNonEmptyString(org.role)) {
      throw new InvalidClaimsError('orgs entries must be { id, role }');
    }
    return { id: org.id, role: org.role };
  });
}

function parseAudience(v: unknown): string | string[] {
  if (isNonEmptyString(v)) return v;
  if (isStringArray(v) && v.length > 0) return v;
  throw new InvalidClaimsError('aud must be a string or an array of strings');
}

/** Validates a signature-verified JWT payload against the contract; extra claims are ignored. */
export function parseAccessTokenClaims(payload: unknown): AccessTokenClaims {
  if (typeof payload !== 'object' || payload === null) throw new InvalidClaimsError('payload must be an object');
  const p = payload as Payload;
  const typ = p.typ;
  if (typ !== 'user' && typ !== 'agent' && typ !== 'service') {
    throw new InvalidClaimsError('typ must be user, agent or service');
  }
  if (p.sa !== undefined && typeof p.sa !== 'boolean') throw new InvalidClaimsError('sa must be a boolean');
  const claims: AccessTokenClaims = {
    sub: requireString(p, 'sub'),
    typ,
    org: optionalString(p, 'org'),
    orgs: parseOrgs(p.orgs),
    ent: optionalStringArray(p, 'ent'),
    roles: optionalStringArray(p, 'roles'),
    sa: p.sa as boolean | undefined,
    sid: optionalString(p, 'sid'),
    name: optionalString(p, 'name'),
    email: optionalString(p, 'email'),
    agent: optionalString(p, 'agent'),
    svc: optionalString(p, 'svc'),
    iss: requireString(p, 'iss'),
    aud: parseAudience(p.aud),
    iat: requireNumber(p, 'iat'),
    exp: requireNumber(p, 'exp'),
    jti: requireString(p, 'jti'),
  };
  // requireService() trusts `serviceId`, so a service token without one is unusable rather than anonymous.
  if (typ === 'service' && claims.svc === undefined) throw new InvalidClaimsError('service tokens must carry svc');
  return claims;
}

/**
 * Maps verified claims to a frozen principal. The active `org` counts as a membership (role `member`)
 * when `orgs` does not list it: identity only puts an org in `org` for a principal that belongs to it.
 */
export function claimsToPrincipal(claims: AccessTokenClaims): Principal {
  const orgs = [...(claims.orgs ?? [])];
  if (claims.org !== undefined && !orgs.some((o) => o.id === claims.org)) orgs.push({ id: claims.org, role: 'member' });
  const principal: Principal = {
    type: claims.typ,
    id: claims.sub,
    orgId: claims.org ?? null,
    orgs: orgs.map((o) => ({ id: o.id, role: o.role })),
    entitlements: [...(claims.ent ?? [])],
    roles: [...(claims.roles ?? [])],
    isSuperAdmin: claims.sa === true,
    sessionId: claims.sid ?? null,
    via: 'jwt',
    expiresAt: claims.exp,
    ...(claims.name !== undefined && { name: claims.name }),
    ...(claims.email !== undefined && { email: claims.email }),
    ...(claims.agent !== undefined && { agentId: claims.agent }),
    ...(claims.svc !== undefined && { serviceId: claims.svc }),
  };
  return freezePrincipal(principal);
}
