import { and, desc, eq, getTableColumns } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { artifacts, resourceVersions } from '../db/schema.js';

export type ArtifactRow = typeof artifacts.$inferSelect;
/** Without the bytes, plus the number of the version the artifact belongs to (null: the resource's working files). */
export type ArtifactInfo = Omit<ArtifactRow, 'content'> & { version: number | null };

const { content: _content, ...infoColumns } = getTableColumns(artifacts);
const infoSelection = { ...infoColumns, version: resourceVersions.version };

/** Artifact rows; callers reach them only through a resource they may read (W2). */
export interface ArtifactStore {
  /** Newest first; `versionId` narrows to one version's artifacts. */
  listForResource(resourceId: string, versionId?: string): Promise<ArtifactInfo[]>;
  /** Without the bytes: enough to find the owning resource. */
  findInfo(id: string): Promise<ArtifactInfo | undefined>;
  findContent(id: string): Promise<Buffer | undefined>;
  insert(row: Omit<ArtifactRow, 'createdAt'>): Promise<Omit<ArtifactRow, 'content'>>;
  delete(id: string): Promise<boolean>;
}

export function createArtifactStore(db: Db): ArtifactStore {
  const infos = () => db.select(infoSelection).from(artifacts).leftJoin(resourceVersions, eq(resourceVersions.id, artifacts.versionId));
  return {
    listForResource: (resourceId, versionId) =>
      infos().where(and(eq(artifacts.resourceId, resourceId), versionId === undefined ? undefined : eq(artifacts.versionId, versionId))).orderBy(desc(artifacts.createdAt), desc(artifacts.id)),
    findInfo: async (id) => (await infos().where(eq(artifacts.id, id)))[0],
    findContent: async (id) => (await db.select({ content: artifacts.content }).from(artifacts).where(eq(artifacts.id, id)))[0]?.content,
    insert: async (row) => (await db.insert(artifacts).values(row).returning(infoColumns))[0]!,
    delete: async (id) => (await db.delete(artifacts).where(eq(artifacts.id, id)).returning({ id: artifacts.id })).length > 0,
  };
}
