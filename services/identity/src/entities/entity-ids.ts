import { uuidv7 } from '@symbia/kit';

/** identity.md §3: entity ids are `ent_` + a UUID, so an address can tell them from slugs. */
export const newEntityId = (): string => `ent_${uuidv7()}`;
export const ENTITY_ID_PATTERN = /^ent_[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
