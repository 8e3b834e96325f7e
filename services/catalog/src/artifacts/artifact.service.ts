import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { AppError, badRequest, ErrorCodes, isAppError, notFound } from '@symbia/kit/errors';
import type { ResourceService } from '../resources/resource.service.js';
import { versionNotFound } from '../versions/version.service.js';
import type { VersionStore } from '../versions/version.store.js';
import type { ArtifactInfo, ArtifactStore } from './artifact.store.js';
import { createContentCheck, type AllowedMimeType } from './mime-sniff.js';

export interface ArtifactMeta {
  name: string;
  type: AllowedMimeType;
  /** Attach to this published version (its build output, e.g. an executor bundle); absent: a working file of the resource. */
  version?: number;
}

export interface UploadInput extends ArtifactMeta {
  /** Base64 (validated by the route schema). */
  content: string;
}

export interface StreamUploadInput extends ArtifactMeta {
  /** The request's Content-Length, when it sent one: an oversize upload is refused before a byte is read. */
  declaredLength?: number;
}

export interface ArtifactService {
  /** The JSON form of catalog.md §8.6 (base64 content), capped at `jsonUploadMaxBytes`: the whole body is in memory. */
  upload(principal: Principal, resourceRef: string, input: UploadInput): Promise<ArtifactInfo>;
  /** The raw bytes as they arrive, never held whole (except JSON files, which must parse); capped at the artifact size. */
  uploadStream(
    principal: Principal,
    resourceRef: string,
    input: StreamUploadInput,
    body: AsyncIterable<Buffer>,
  ): Promise<ArtifactInfo>;
  list(principal: Principal | null, resourceRef: string, version?: number): Promise<ArtifactInfo[]>;
  /** The bytes come as a stream of stored chunks, read as the client consumes them. */
  download(principal: Principal | null, id: string): Promise<{ info: ArtifactInfo; content: Readable }>;
  remove(principal: Principal, id: string): Promise<void>;
}

/** Stored chunk size: bounds what one upload or download holds in memory at a time. */
export const ARTIFACT_CHUNK_BYTES = 1_048_576;
/** The JSON/base64 form keeps the body, its string and the decoded bytes at once: larger files go through the raw upload. */
export const JSON_UPLOAD_MAX_BYTES = 8 * 1_048_576;
export const jsonUploadMaxBytes = (maxBytes: number) => Math.min(maxBytes, JSON_UPLOAD_MAX_BYTES);

const artifactNotFound = () => notFound('Artifact not found');
const tooLarge = (limit: number, hint = '') =>
  new AppError(
    413,
    ErrorCodes.payloadTooLarge,
    `File exceeds maximum size of ${Math.floor(limit / 1_048_576)}MB${hint}`,
  );

/** Re-cut an incoming stream into chunks of exactly ARTIFACT_CHUNK_BYTES (the last one shorter). */
async function* rechunk(body: AsyncIterable<Buffer> | Iterable<Buffer>): AsyncGenerator<Buffer> {
  let pending: Buffer[] = [];
  let pendingLength = 0;
  for await (const piece of body) {
    let rest = Buffer.isBuffer(piece) ? piece : Buffer.from(piece);
    while (pendingLength + rest.length >= ARTIFACT_CHUNK_BYTES) {
      const take = ARTIFACT_CHUNK_BYTES - pendingLength;
      yield Buffer.concat([...pending, rest.subarray(0, take)]);
      rest = rest.subarray(take);
      pending = [];
      pendingLength = 0;
    }
    if (rest.length > 0) {
      pending.push(rest);
      pendingLength += rest.length;
    }
  }
  if (pendingLength > 0) yield Buffer.concat(pending);
}

/** Artifacts are as visible as their resource (W2): write to upload, read to list/download, delete to delete. */
export function createArtifactService(deps: {
  store: ArtifactStore;
  resources: ResourceService;
  versions: VersionStore;
  maxBytes: number;
}): ArtifactService {
  const { store, resources, versions, maxBytes } = deps;
  const jsonMax = jsonUploadMaxBytes(maxBytes);

  // An artifact of a resource the caller cannot read does not exist for them.
  const infoFor = async (principal: Principal | null, id: string): Promise<ArtifactInfo> => {
    const info = await store.findInfo(id);
    if (!info) throw artifactNotFound();
    await resources.get(principal, info.resourceId).catch((err: unknown) => {
      throw isAppError(err) && err.status === 404 ? artifactNotFound() : err;
    });
    return info;
  };

  // One path for both forms: authorize, write chunk by chunk into an unready row, check, then make it visible.
  const ingest = async (
    principal: Principal,
    resourceRef: string,
    meta: ArtifactMeta,
    body: AsyncIterable<Buffer> | Iterable<Buffer>,
    field: string,
  ): Promise<ArtifactInfo> => {
    const { id: resourceId } = await resources.authorize(principal, resourceRef, 'write');
    const target = meta.version === undefined ? undefined : await versions.find(resourceId, meta.version);
    if (meta.version !== undefined && !target) {
      throw badRequest(`Version ${meta.version} of this resource does not exist`, [
        { field: `${field}.version`, message: 'is not a published version of this resource' },
      ]);
    }
    const id = uuidv7();
    await store.begin({
      id,
      resourceId,
      versionId: target?.id ?? null,
      name: meta.name,
      mimeType: meta.type,
      createdBy: principal.id,
    });
    try {
      const hash = createHash('sha256');
      const check = createContentCheck(meta.type);
      let size = 0;
      let seq = 0;
      for await (const chunk of rechunk(body)) {
        size += chunk.length;
        if (size > maxBytes) throw tooLarge(maxBytes);
        hash.update(chunk);
        check.update(chunk);
        await store.appendChunk(id, seq, chunk);
        seq += 1;
      }
      if (size === 0) throw badRequest('File is empty', [{ field: `${field}.content`, message: 'is empty' }]);
      if (!check.matches())
        throw badRequest(`File content is not ${meta.type}`, [
          { field: `${field}.content`, message: `does not match type ${meta.type}` },
        ]);
      const row = await store.complete(id, size, hash.digest('hex'));
      return { ...row, version: target?.version ?? null };
    } catch (err) {
      await store.delete(id);
      throw err;
    }
  };

  return {
    async upload(principal, resourceRef, input) {
      // Decoded size from the base64 length, before decoding anything.
      const padding = input.content.endsWith('==') ? 2 : input.content.endsWith('=') ? 1 : 0;
      if (Math.floor((input.content.length * 3) / 4) - padding > jsonMax) {
        throw tooLarge(jsonMax, '; send larger files as raw bytes to POST /api/resources/:id/artifacts/raw');
      }
      const { content, ...meta } = input;
      return ingest(principal, resourceRef, meta, [Buffer.from(content, 'base64')], 'body');
    },
    async uploadStream(principal, resourceRef, input, body) {
      if (input.declaredLength !== undefined && input.declaredLength > maxBytes) throw tooLarge(maxBytes);
      const { declaredLength: _declared, ...meta } = input;
      return ingest(principal, resourceRef, meta, body, 'querystring');
    },
    async list(principal, resourceRef, version) {
      const { id } = await resources.get(principal, resourceRef);
      if (version === undefined) return store.listForResource(id);
      const target = await versions.find(id, version);
      if (!target) throw versionNotFound();
      return store.listForResource(id, target.id);
    },
    async download(principal, id) {
      const info = await infoFor(principal, id);
      return { info, content: Readable.from(store.readChunks(id), { objectMode: false }) };
    },
    async remove(principal, id) {
      const info = await infoFor(principal, id);
      await resources.authorize(principal, info.resourceId, 'delete');
      await store.delete(id);
    },
  };
}
