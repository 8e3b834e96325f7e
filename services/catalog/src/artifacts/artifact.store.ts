import { desc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { artifacts } from '../db/schema.js';

export type ArtifactRow = typeof artifacts.$inferSelect;
export type ArtifactInfo = Omit<ArtifactRow, 'content'>;

const { content: _content, ...infoColumns } = getTableColumns(artifacts);

/** Artifact rows; callers reach them only through a resource they may read (W2). */
export interface ArtifactStore {
  listForResource(resourceId: string): Promise<ArtifactInfo[]>;
  /** Without the bytes: enough to find the owning resource. */
  findInfo(id: string): Promise<ArtifactInfo | undefined>;
  findContent(id: string): Promise<Buffer | undefined>;
  insert(row: Omit<ArtifactRow, 'createdAt'>): Promise<ArtifactInfo>;
  delete(id: string): Promise<boolean>;
}

export function createArtifactStore(db: Db): ArtifactStore {
  return {
    listForResource: (resourceId) => db.select(infoColumns).from(artifacts).where(eq(artifacts.resourceId, resourceId)).orderBy(desc(artifacts.createdAt)),
    findInfo: async (id) => (await db.select(infoColumns).from(artifacts).where(eq(artifacts.id, id)))[0],
    findContent: async (id) => (await db.select({ content: artifacts.content }).from(artifacts).where(eq(artifacts.id, id)))[0]?.content,
    insert: async (row) => (await db.insert(artifacts).values(row).returning(infoColumns))[0]!,
    delete: async (id) => (await db.delete(artifacts).where(eq(artifacts.id, id)).returning({ id: artifacts.id })).length > 0,
  };
}
