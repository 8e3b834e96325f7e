import type { Principal } from '@symbia/auth';
import { forbidden, notFound } from '@symbia/kit/errors';
import type { EntitySourceTable } from '../db/schema.js';
import type { ProfileStore } from '../users/profile.store.js';
import type { EntityScope } from './entity.store.js';

/** Platform services holding this may create and change any entity (network binds nodes, assistants register). */
export const CAP_ENTITIES_WRITE = 'cap:identity.entities.write';

/**
 * Access rule "E" of identity.md §7.12, computed once per request from the database (not token claims, so a
 * removed membership counts at once).
 */
export interface EntityAccess {
  /** Orgs whose entities the caller reads besides global ones (users' global entities: see EntityScope); null: all. */
  readonly read: EntityScope;
  /** Orgs whose entities the caller writes; null: every org. */
  readonly write: readonly string[] | null;
  /** Global entities (orgId null) are shared by every tenant: only the platform writes them. */
  readonly writeGlobal: boolean;
  /** The principal itself, which may link an entity to itself (sourceTable/sourceId). */
  readonly self: { table: EntitySourceTable; id: string } | null;
}

const within = (orgs: readonly string[] | null, orgId: string) => orgs === null || orgs.includes(orgId);
const readOrgs = (access: EntityAccess) => access.read?.orgs ?? null;

/** Whether the caller reads an org's entities (a context or filter org). */
export function canRead(access: EntityAccess, orgId: string | null): boolean {
  return orgId === null || within(readOrgs(access), orgId);
}

/** The caller's read scope narrowed to one org it reads (and global entities), for name lookups in a context org. */
export function narrowedTo(access: EntityAccess, orgId: string): EntityScope {
  return { orgs: [orgId], userId: access.self?.table === 'users' ? access.self.id : null };
}

/** A caller who cannot even read the org learns nothing (404); one who reads but may not write gets 403. */
export function assertWrite(access: EntityAccess, orgId: string | null): void {
  if (orgId === null) {
    if (!access.writeGlobal) throw forbidden('Only super admins and platform services may change global entities');
    return;
  }
  if (!within(readOrgs(access), orgId)) throw notFound('Organization not found');
  if (!within(access.write, orgId)) throw forbidden('Insufficient permissions');
}

export async function entityAccessFor(principal: Principal, profiles: ProfileStore): Promise<EntityAccess> {
  if (principal.type === 'service') {
    const writes = principal.entitlements.includes(CAP_ENTITIES_WRITE);
    return { read: null, write: writes ? null : [], writeGlobal: writes, self: null };
  }
  if (principal.type === 'agent') {
    // Only platform agents (no org, registered by a service or a super admin) write global entities: an agent
    // an org admin registered must not claim names every other tenant's @addresses fall back to.
    const orgs = principal.orgId ? [principal.orgId] : [];
    return {
      read: { orgs, userId: null },
      write: orgs,
      writeGlobal: principal.orgId === null,
      self: { table: 'agents', id: principal.id },
    };
  }
  const user = await profiles.find(principal.id);
  if (!user) throw notFound('User not found');
  if (user.isSuperAdmin) return { read: null, write: null, writeGlobal: true, self: { table: 'users', id: user.id } };
  return {
    read: { orgs: user.organizations.map((o) => o.id), userId: user.id },
    // Viewers read only (identity.md §7.12 "non-viewer for writes").
    write: user.organizations.filter((o) => o.role !== 'viewer').map((o) => o.id),
    writeGlobal: false,
    self: { table: 'users', id: user.id },
  };
}
