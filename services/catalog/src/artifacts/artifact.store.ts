import { and, asc, desc, eq, getTableColumns, lt, sql } from 'drizzle-orm';
import type { Db } from '../db/db.js';
import { artifactChunks, artifacts, resourceVersions } from '../db/schema.js';

export type ArtifactRow = typeof artifacts.$inferSelect;
/** An artifact's description, plus the number of the version it belongs to (null: the resource's working files). */
export type ArtifactInfo = Omit<ArtifactRow, 'ready'> & { version: number | null };
export type NewArtifact = Omit<ArtifactRow, 'createdAt' | 'ready' | 'size' | 'checksum'>;

const { ready: _ready, ...infoColumns } = getTableColumns(artifacts);
const infoSelection = { ...infoColumns, version: resourceVersions.version };
/** An upload that has not finished within this long was abandoned (its process died); its rows are removed. */
const ABANDONED_AFTER = sql`interval '1 hour'`;

/**
 * Artifact rows and their bytes in chunks (migrations/0004_artifact_chunks.sql); callers reach them only through a
 * resource they may read (W2). Only `ready` artifacts are ever listed, found or read.
 */
export interface ArtifactStore {
  /** Newest first; `versionId` narrows to one version's artifacts. */
  listForResource(resourceId: string, versionId?: string): Promise<ArtifactInfo[]>;
  findInfo(id: string): Promise<ArtifactInfo | undefined>;
  /** The chunks of a ready artifact in order, fetched one at a time as they are consumed. */
  readChunks(id: string): AsyncGenerator<Buffer>;
  /** Starts an upload: a row no one sees until `complete`. Also clears uploads abandoned long ago. */
  begin(row: NewArtifact): Promise<void>;
  appendChunk(id: string, seq: number, bytes: Buffer): Promise<void>;
  complete(id: string, size: number, checksum: string): Promise<Omit<ArtifactRow, 'ready'>>;
  delete(id: string): Promise<boolean>;
}

export function createArtifactStore(db: Db): ArtifactStore {
  const infos = () =>
    db.select(infoSelection).from(artifacts).leftJoin(resourceVersions, eq(resourceVersions.id, artifacts.versionId));
  return {
    listForResource: (resourceId, versionId) =>
      infos()
        .where(
          and(
            eq(artifacts.resourceId, resourceId),
            eq(artifacts.ready, true),
            versionId === undefined ? undefined : eq(artifacts.versionId, versionId),
          ),
        )
        .orderBy(desc(artifacts.createdAt), desc(artifacts.id)),
    findInfo: async (id) => (await infos().where(and(eq(artifacts.id, id), eq(artifacts.ready, true))))[0],
    async *readChunks(id) {
      for (let seq = 0; ; seq += 1) {
        const [chunk] = await db
          .select({ bytes: artifactChunks.bytes })
          .from(artifactChunks)
          .where(and(eq(artifactChunks.artifactId, id), eq(artifactChunks.seq, seq)))
          .orderBy(asc(artifactChunks.seq));
        if (!chunk) return;
        yield chunk.bytes;
      }
    },
    async begin(row) {
      await db
        .delete(artifacts)
        .where(and(eq(artifacts.ready, false), lt(artifacts.createdAt, sql`now() - ${ABANDONED_AFTER}`)));
      await db.insert(artifacts).values({ ...row, size: 0, checksum: '', ready: false });
    },
    async appendChunk(id, seq, bytes) {
      await db.insert(artifactChunks).values({ artifactId: id, seq, bytes });
    },
    complete: async (id, size, checksum) =>
      (
        await db
          .update(artifacts)
          .set({ size, checksum, ready: true })
          .where(eq(artifacts.id, id))
          .returning(infoColumns)
      )[0]!,
    delete: async (id) =>
      (await db.delete(artifacts).where(eq(artifacts.id, id)).returning({ id: artifacts.id })).length > 0,
  };
}
