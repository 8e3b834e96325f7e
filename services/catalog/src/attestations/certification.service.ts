import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, notFound } from '@symbia/kit/errors';
import type { ResourceService } from '../resources/resource.service.js';
import type { VersionStore } from '../versions/version.store.js';
import { assertMayWithdraw, attestedVersion, displayName } from './attestation-rules.js';
import type { CertificationInfo, CertificationStore } from './certification.store.js';

export interface CertifyInput {
  /** Defaults to the latest version. */
  version?: number;
  /** What was certified, e.g. `security-review`. */
  certificationType: string;
  notes?: string | null;
  expiresAt?: Date | null;
}

/** A certification as read: `active` is false once it has expired. */
export type CertificationView = CertificationInfo & { active: boolean };

export interface CertificationService {
  certify(principal: Principal, resourceRef: string, input: CertifyInput): Promise<CertificationView>;
  list(principal: Principal | null, resourceRef: string): Promise<CertificationView[]>;
  withdraw(principal: Principal, resourceRef: string, certificationId: string): Promise<void>;
}

const certificationNotFound = () => notFound('Certification not found');

/** catalog.md §3.2 certifications: recorded by a holder of the `certify` right, for one version, optionally expiring. */
export function createCertificationService(deps: {
  store: CertificationStore;
  resources: ResourceService;
  versions: VersionStore;
  clock?: () => number;
}): CertificationService {
  const { store, resources, versions, clock = Date.now } = deps;
  const view = (c: CertificationInfo): CertificationView => ({
    ...c,
    active: c.expiresAt === null || c.expiresAt.getTime() > clock(),
  });
  return {
    async certify(principal, resourceRef, input) {
      const row = await resources.authorize(principal, resourceRef, 'certify');
      if (input.expiresAt && input.expiresAt.getTime() <= clock())
        throw badRequest('expiresAt must be in the future', [
          { field: 'body.expiresAt', message: 'must be in the future' },
        ]);
      const version = await attestedVersion(versions, row.id, input.version);
      const stored = await store.insert({
        id: uuidv7(),
        resourceId: row.id,
        versionId: version.id,
        certifierId: principal.id,
        certifierName: displayName(principal),
        certificationType: input.certificationType,
        notes: input.notes ?? null,
        expiresAt: input.expiresAt ?? null,
      });
      return view({ ...stored, version: version.version });
    },
    async list(principal, resourceRef) {
      // W2: as visible as the resource.
      const row = await resources.get(principal, resourceRef);
      return (await store.listForResource(row.id)).map(view);
    },
    async withdraw(principal, resourceRef, certificationId) {
      const row = await resources.get(principal, resourceRef);
      const certification = await store.find(row.id, certificationId);
      if (!certification) throw certificationNotFound();
      assertMayWithdraw(principal, row, certification.certifierId, 'certify');
      await store.delete(certification.id);
    },
  };
}
