import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { certifications, resourceVersions } from '../db/schema.js';

export type CertificationRow = typeof certifications.$inferSelect;
/** A certification with the number of the version it certifies. */
export type CertificationInfo = CertificationRow & { version: number };

const selection = { ...getTableColumns(certifications), version: resourceVersions.version };

/** Certifications; callers reach them only through a resource they may read (W2). */
export interface CertificationStore {
  listForResource(resourceId: string): Promise<CertificationInfo[]>;
  find(resourceId: string, id: string): Promise<CertificationInfo | undefined>;
  insert(row: Omit<CertificationRow, 'certifiedAt'>): Promise<CertificationRow>;
  delete(id: string): Promise<void>;
}

export function createCertificationStore(db: Db): CertificationStore {
  const infos = () =>
    db
      .select(selection)
      .from(certifications)
      .innerJoin(resourceVersions, eq(resourceVersions.id, certifications.versionId));
  return {
    listForResource: (resourceId) =>
      infos()
        .where(eq(certifications.resourceId, resourceId))
        .orderBy(desc(certifications.certifiedAt), desc(certifications.id)),
    find: async (resourceId, id) =>
      (await infos().where(and(eq(certifications.resourceId, resourceId), eq(certifications.id, id))))[0],
    insert: async (row) => (await db.insert(certifications).values(row).returning())[0]!,
    delete: async (id) => {
      await db.delete(certifications).where(eq(certifications.id, id));
    },
  };
}
