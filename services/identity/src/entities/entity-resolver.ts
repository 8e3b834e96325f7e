import type { EntityType } from '../db/schema.js';
import type { EntityRow, EntityScope, EntityStore } from './entity.store.js';

export const ENTITY_TYPES: readonly EntityType[] = ['user', 'assistant', 'service', 'integration', 'sandbox'];
const isEntityType = (value: string): value is EntityType => (ENTITY_TYPES as readonly string[]).includes(value);

/** Slugs and types are lower-case; an instance id (after `#`) is kept as written. */
export function normalizeAddress(address: string): string {
  const stripped = address.trim().replace(/^@/, '');
  const hash = stripped.indexOf('#');
  return hash < 0 ? stripped.toLowerCase() : stripped.slice(0, hash).toLowerCase() + stripped.slice(hash);
}

/**
 * identity.md §7.12 address resolution over a normalized address. Names are looked up within `scopes.byName`
 * (the context org, or every org the caller reads) plus global entities; an `ent_` id anywhere the caller reads
 * (`scopes.byId`), whatever the context. Steps, first non-empty wins:
 *   1. `ent_…` by id          2. `slug#instance`          3. `type:slug`
 *   4. alias value, highest priority first (W21)          5. plain slug
 */
export async function resolveAddress(
  store: EntityStore,
  scopes: { byId: EntityScope; byName: EntityScope },
  address: string,
): Promise<EntityRow[]> {
  if (address.startsWith('ent_')) {
    const entity = await store.findById(scopes.byId, address);
    return entity ? [entity] : [];
  }
  const scope = scopes.byName;
  const hash = address.indexOf('#');
  if (hash > 0) return store.matchSlugInstance(scope, address.slice(0, hash), address.slice(hash + 1));
  const colon = address.indexOf(':');
  if (colon > 0) {
    const type = address.slice(0, colon);
    if (isEntityType(type)) {
      const typed = await store.matchTypeSlug(scope, type, address.slice(colon + 1));
      if (typed.length > 0) return typed;
    }
  }
  const aliased = await store.matchAlias(scope, address);
  return aliased.length > 0 ? aliased : store.matchSlug(scope, address);
}
