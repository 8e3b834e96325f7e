import { uuidv7 } from '@symbia/kit';
import { notFound } from '@symbia/kit/errors';
import type { AuditActor, AuditLog } from '../audit/audit-log.js';
import type { OrgFeatureRow, OrgFeatureStore } from './org-feature.store.js';
import type { OrgStore } from './org.store.js';

export interface OrgFeatureService {
  /** Members only; anyone else gets 404 like the org itself. */
  list(userId: string, orgId: string): Promise<OrgFeatureRow[]>;
  /** Super admin: creates or replaces a flag. */
  set(
    orgId: string,
    featureKey: string,
    input: { enabled: boolean; expiresAt: Date | null },
    actor: AuditActor,
  ): Promise<OrgFeatureRow>;
  remove(orgId: string, featureKey: string, actor: AuditActor): Promise<void>;
}

export function createOrgFeatureService(deps: {
  store: OrgFeatureStore;
  orgs: OrgStore;
  audit: AuditLog;
  clock?: () => number;
}): OrgFeatureService {
  const { store, orgs, audit, clock = Date.now } = deps;
  return {
    async list(userId, orgId) {
      if (!(await orgs.findMembership(orgId, userId))) throw notFound('Organization not found');
      return store.listActive(orgId, new Date(clock()));
    },
    async set(orgId, featureKey, input, actor) {
      if (!(await orgs.findById(orgId))) throw notFound('Organization not found');
      const row = await store.upsert(orgId, { id: uuidv7(), featureKey, ...input });
      await audit.record(actor, {
        action: 'admin.org_feature.set',
        resource: 'organization',
        resourceId: orgId,
        orgId,
        metadata: { featureKey, enabled: input.enabled },
      });
      return row;
    },
    async remove(orgId, featureKey, actor) {
      if (!(await store.delete(orgId, featureKey))) throw notFound('Feature not found');
      await audit.record(actor, {
        action: 'admin.org_feature.removed',
        resource: 'organization',
        resourceId: orgId,
        orgId,
        metadata: { featureKey },
      });
    },
  };
}
