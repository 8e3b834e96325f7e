import { and, desc, gt, isNull, ne as neq, or } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { signingKeys } from '../db/schema.js';

export type SigningKeyRow = typeof signingKeys.$inferSelect;

export interface SigningKeyStore {
  /** Keys still in the JWKS: active ones and retired ones whose tokens may still be alive. */
  listPublished(now: Date): Promise<SigningKeyRow[]>;
  insert(row: Pick<SigningKeyRow, 'kid' | 'publicJwk' | 'privateKeyEncrypted'>): Promise<void>;
  /** Retires every active key except `keepKid`; they stay published until `publishUntil`. */
  retireOthers(keepKid: string, publishUntil: Date): Promise<number>;
}

export function createSigningKeyStore(db: Db): SigningKeyStore {
  return {
    listPublished: (now) =>
      db
        .select()
        .from(signingKeys)
        .where(or(isNull(signingKeys.retiredAt), gt(signingKeys.publishUntil, now)))
        .orderBy(desc(signingKeys.createdAt)),
    async insert(row) {
      await db.insert(signingKeys).values(row);
    },
    async retireOthers(keepKid, publishUntil) {
      const rows = await db
        .update(signingKeys)
        .set({ retiredAt: new Date(), publishUntil })
        .where(and(isNull(signingKeys.retiredAt), neq(signingKeys.kid, keepKid)))
        .returning({ kid: signingKeys.kid });
      return rows.length;
    },
  };
}
