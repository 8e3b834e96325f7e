import { uuidv7 } from '@symbia/kit';
import type { AuditActorType } from './actor-types.js';
import type { AuditStore } from './audit.store.js';

/** Who did it and from where; ips come from the socket peer (trustProxy off), never X-Forwarded-For. */
export interface AuditActor {
  type: AuditActorType;
  id?: string | null;
  ip?: string | null;
}

export interface AuditEntry {
  action: string;
  resource: string;
  resourceId?: string | null;
  orgId?: string | null;
  /** Never passwords, keys or tokens: prefixes and ids only (§5.5). */
  metadata?: Record<string, unknown>;
}

export interface AuditLog {
  record(actor: AuditActor, entry: AuditEntry): Promise<void>;
}

export const systemActor: AuditActor = { type: 'system', id: null, ip: null };

export function createAuditLog(store: AuditStore): AuditLog {
  return {
    record: (actor, entry) =>
      store.insert({
        id: uuidv7(),
        actorType: actor.type,
        actorId: actor.id ?? null,
        clientIp: actor.ip ?? null,
        orgId: entry.orgId ?? null,
        action: entry.action,
        resource: entry.resource,
        resourceId: entry.resourceId ?? null,
        metadata: entry.metadata ?? {},
      }),
  };
}
