import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { resourceVersions, signatures } from '../db/schema.js';

export type SignatureRow = typeof signatures.$inferSelect;
/** A signature with the number of the version it signs. */
export type SignatureInfo = SignatureRow & { version: number };

const selection = { ...getTableColumns(signatures), version: resourceVersions.version };

/** Signatures; callers reach them only through a resource they may read (W2). */
export interface SignatureStore {
  listForResource(resourceId: string): Promise<SignatureInfo[]>;
  find(resourceId: string, id: string): Promise<SignatureInfo | undefined>;
  /** undefined when this signer already signed this version with this key. */
  insert(row: Omit<SignatureRow, 'signedAt'>): Promise<SignatureRow | undefined>;
  findBySigner(versionId: string, signerId: string, keyFingerprint: string): Promise<SignatureRow | undefined>;
  delete(id: string): Promise<void>;
}

export function createSignatureStore(db: Db): SignatureStore {
  const infos = () =>
    db.select(selection).from(signatures).innerJoin(resourceVersions, eq(resourceVersions.id, signatures.versionId));
  return {
    listForResource: (resourceId) =>
      infos().where(eq(signatures.resourceId, resourceId)).orderBy(desc(signatures.signedAt), desc(signatures.id)),
    find: async (resourceId, id) =>
      (await infos().where(and(eq(signatures.resourceId, resourceId), eq(signatures.id, id))))[0],
    insert: async (row) => (await db.insert(signatures).values(row).onConflictDoNothing().returning())[0],
    findBySigner: async (versionId, signerId, fingerprint) =>
      (
        await db
          .select()
          .from(signatures)
          .where(
            and(
              eq(signatures.versionId, versionId),
              eq(signatures.signerId, signerId),
              eq(signatures.keyFingerprint, fingerprint),
            ),
          )
      )[0],
    delete: async (id) => {
      await db.delete(signatures).where(eq(signatures.id, id));
    },
  };
}
