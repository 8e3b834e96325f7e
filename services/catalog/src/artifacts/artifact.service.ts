import { createHash } from 'node:crypto';
import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { AppError, badRequest, ErrorCodes, isAppError, notFound } from '@symbia/kit/errors';
import type { ResourceService } from '../resources/resource.service.js';
import { versionNotFound } from '../versions/version.service.js';
import type { VersionStore } from '../versions/version.store.js';
import type { ArtifactInfo, ArtifactStore } from './artifact.store.js';
import { contentMatches, type AllowedMimeType } from './mime-sniff.js';

export interface UploadInput {
  name: string;
  type: AllowedMimeType;
  /** Base64 (validated by the route schema). */
  content: string;
  /** Attach to this published version (its build output, e.g. an executor bundle); absent: a working file of the resource. */
  version?: number;
}

export interface ArtifactService {
  upload(principal: Principal, resourceRef: string, input: UploadInput): Promise<ArtifactInfo>;
  list(principal: Principal | null, resourceRef: string, version?: number): Promise<ArtifactInfo[]>;
  download(principal: Principal | null, id: string): Promise<{ info: ArtifactInfo; content: Buffer }>;
  remove(principal: Principal, id: string): Promise<void>;
}

const artifactNotFound = () => notFound('Artifact not found');

/** Artifacts are as visible as their resource (W2): write to upload, read to list/download, delete to delete. */
export function createArtifactService(deps: { store: ArtifactStore; resources: ResourceService; versions: VersionStore; maxBytes: number }): ArtifactService {
  const { store, resources, versions, maxBytes } = deps;

  // An artifact of a resource the caller cannot read does not exist for them.
  const infoFor = async (principal: Principal | null, id: string): Promise<ArtifactInfo> => {
    const info = await store.findInfo(id);
    if (!info) throw artifactNotFound();
    await resources.get(principal, info.resourceId).catch((err: unknown) => {
      throw isAppError(err) && err.status === 404 ? artifactNotFound() : err;
    });
    return info;
  };

  return {
    async upload(principal, resourceRef, input) {
      const { id: resourceId } = await resources.authorize(principal, resourceRef, 'write');
      const target = input.version === undefined ? undefined : await versions.find(resourceId, input.version);
      if (input.version !== undefined && !target) {
        throw badRequest(`Version ${input.version} of this resource does not exist`, [{ field: 'body.version', message: 'is not a published version of this resource' }]);
      }
      const bytes = Buffer.from(input.content, 'base64');
      if (bytes.length > maxBytes) {
        throw new AppError(413, ErrorCodes.payloadTooLarge, `File exceeds maximum size of ${Math.floor(maxBytes / 1_048_576)}MB`);
      }
      if (!contentMatches(input.type, bytes)) {
        throw badRequest(`File content is not ${input.type}`, [{ field: 'body.content', message: `does not match type ${input.type}` }]);
      }
      const info = await store.insert({
        id: uuidv7(), resourceId, versionId: target?.id ?? null, name: input.name, mimeType: input.type, size: bytes.length,
        checksum: createHash('sha256').update(bytes).digest('hex'), content: bytes, createdBy: principal.id,
      });
      return { ...info, version: target?.version ?? null };
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
      const content = await store.findContent(id);
      if (!content) throw artifactNotFound();
      return { info, content };
    },
    async remove(principal, id) {
      const info = await infoFor(principal, id);
      await resources.authorize(principal, info.resourceId, 'delete');
      await store.delete(id);
    },
  };
}
