import { eq, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { memberships, organizations, userGrants, users } from '../db/schema.js';
import type { OrgRole } from '../orgs/org-roles.js';

/** identity.md §3 "enriched user": the profile every authenticated user route and introspection answers with. */
export interface EnrichedUser {
  id: string;
  email: string;
  name: string;
  isSuperAdmin: boolean;
  organizations: { id: string; name: string; slug: string; role: OrgRole }[];
  entitlements: string[];
  roles: string[];
}

export interface ProfileStore {
  /** The user with memberships and unexpired grants (W15), in one round trip; undefined for an unknown user. */
  find(userId: string): Promise<EnrichedUser | undefined>;
}

// Qualified by hand: in a single-table select Drizzle renders ${users.id} as a bare "id", which inside the
// subqueries below would bind to the membership's or grant's own id.
const outerUserId = sql`${sql.identifier('users')}.${sql.identifier('id')}`;

const grantKeys = (kind: 'entitlement' | 'role') => sql<string[]>`coalesce((
  select json_agg(g.grant_key order by g.created_at)
  from ${userGrants} g
  where g.user_id = ${outerUserId} and g.kind = ${sql.raw(`'${kind}'`)} and (g.expires_at is null or g.expires_at > now())
), '[]'::json)`;

const organizationsOf = sql<EnrichedUser['organizations']>`coalesce((
  select json_agg(json_build_object('id', o.id, 'name', o.name, 'slug', o.slug, 'role', m.role) order by m.created_at)
  from ${memberships} m join ${organizations} o on o.id = m.org_id
  where m.user_id = ${outerUserId}
), '[]'::json)`;

/**
 * The hot path of identity's own routes (GET /api/auth/me, /api/users/me, introspection): one statement instead
 * of a user lookup plus membership and grant queries, prepared once per connection (no SQL rebuilt per request).
 */
export function createProfileStore(db: Db): ProfileStore {
  let prepared: ReturnType<typeof prepare> | undefined;
  function prepare() {
    return db
      .select({
        id: users.id,
        email: users.email,
        name: users.name,
        isSuperAdmin: users.isSuperAdmin,
        organizations: organizationsOf,
        entitlements: grantKeys('entitlement'),
        roles: grantKeys('role'),
      })
      .from(users)
      .where(eq(users.id, sql.placeholder('userId')))
      .prepare('identity_user_profile');
  }
  return {
    async find(userId) {
      prepared ??= prepare();
      return (await prepared.execute({ userId }))[0];
    },
  };
}
