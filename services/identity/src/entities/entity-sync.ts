import { uuidv7 } from '@symbia/kit';
import type { EntityStatus, EntityType } from '../db/schema.js';
import { newEntityId } from './entity-ids.js';
import type { EntityStore, NewEntity } from './entity.store.js';

/** A user or agent that has no directory entity yet. */
export interface SyncSource {
  table: 'users' | 'agents';
  id: string;
  /** users: the email; agents: the agentId. */
  handle: string;
  name: string;
  orgId: string | null;
  isActive: boolean;
  capabilities: string[];
}

export interface SyncSources {
  /** Up to `limit` principals of `table` without an entity, oldest first. */
  withoutEntity(table: 'users' | 'agents', limit: number): Promise<SyncSource[]>;
}

const BATCH = 200;
const MAX_SUFFIX = 1000;

/** identity.md §7.12: the local part of an email, or an agentId after its first `:`, as a slug. */
export function slugFor(source: Pick<SyncSource, 'table' | 'handle'>): string {
  const raw =
    source.table === 'users' ? source.handle.split('@')[0]! : source.handle.slice(source.handle.indexOf(':') + 1);
  const slug = raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return slug || (source.table === 'users' ? 'user' : 'agent');
}

function entityFor(source: SyncSource, slug: string): NewEntity {
  const type: EntityType =
    source.table === 'users' ? 'user' : source.handle.startsWith('assistant:') ? 'assistant' : 'service';
  const status: EntityStatus = source.isActive ? 'active' : 'inactive';
  return {
    id: newEntityId(),
    type,
    slug,
    displayName: source.name,
    orgId: source.orgId,
    status,
    capabilities: source.capabilities,
    sourceTable: source.table,
    sourceId: source.id,
    // Agents keep their agentId; a user's email is not copied: global entities are readable by every tenant.
    metadata: source.table === 'agents' ? { agentId: source.handle } : {},
  };
}

/** Adds `slug`, `slug-2`, … in the source's namespace until one is free (the unique index settles races). */
async function insertWithFreeSlug(store: EntityStore, source: SyncSource): Promise<boolean> {
  const base = slugFor(source);
  const taken = new Set(await store.slugsLike(source.orgId, base));
  for (let n = 1; n <= MAX_SUFFIX; n += 1) {
    const slug = n === 1 ? base : `${base}-${n}`;
    if (taken.has(slug)) continue;
    const entity = entityFor(source, slug);
    const aliases = [
      { aliasType: 'slug' as const, aliasValue: slug, orgId: source.orgId, priority: 100 },
      { aliasType: 'qualified' as const, aliasValue: `${entity.type}:${slug}`, orgId: source.orgId, priority: 90 },
    ];
    if (
      await store.insert(
        entity,
        aliases.map((a) => ({ ...a, id: uuidv7() })),
      )
    )
      return true;
    // Lost a race: either the slug went to someone else (try the next) or the principal got its entity meanwhile.
    if (await store.hasSource(source.table, source.id)) return false;
    taken.add(slug);
  }
  return false;
}

/** Creates one entity per user and/or agent that has none; a second run creates nothing. */
export async function syncEntities(
  store: EntityStore,
  sources: SyncSources,
  tables: readonly ('users' | 'agents')[],
): Promise<{ users: number; agents: number }> {
  const created = { users: 0, agents: 0 };
  for (const table of tables) {
    for (;;) {
      const batch = await sources.withoutEntity(table, BATCH);
      let progress = 0;
      for (const source of batch) if (await insertWithFreeSlug(store, source)) progress += 1;
      created[table] += progress;
      // A batch that created nothing would come back identical: stop instead of looping.
      if (batch.length < BATCH || progress === 0) break;
    }
  }
  return created;
}
