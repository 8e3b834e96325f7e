import { createHash } from 'node:crypto';
import type { Principal } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { AppError, badRequest, ErrorCodes, isAppError, notFound } from '@symbia/kit/errors';
import type { ResourceService } from '../resources/resource.service.js';
import type { ArtifactInfo, ArtifactStore } from './artifact.store.js';
import { contentMatches, type AllowedMimeType } from './mime-sniff.js';

export interface UploadInput {
  name: string;
  type: AllowedMimeType;
  /** Base64 (validated by the route schema). */
  content: string;
}

export interface ArtifactService {
  upload(principal: Principal, resourceId: string, input: UploadInput): Promise<ArtifactInfo>;
  list(principal: Principal | null, resourceId: string): Promise<ArtifactInfo[]>;
  download(principal: Principal | null, id: string): Promise<{ info: ArtifactInfo; content: Buffer }>;
  remove(principal: Principal, id: string): Promise<void>;
}

const artifactNotFound = () => notFound('Artifact not found');

/** Artifacts are as visible as their resource (W2): write to upload, read to list/download, delete to delete. */
export function createArtifactService(deps: { store: ArtifactStore; resources: ResourceService; maxBytes: number }): ArtifactService {
  const { store, resources, maxBytes } = deps;

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
    async upload(principal, resourceId, input) {
      await resources.authorize(principal, resourceId, 'write');
      const bytes = Buffer.from(input.content, 'base64');
      if (bytes.length > maxBytes) {
        throw new AppError(413, ErrorCodes.payloadTooLarge, `File exceeds maximum size of ${Math.floor(maxBytes / 1_048_576)}MB`);
      }
      if (!contentMatches(input.type, bytes)) {
        throw badRequest(`File content is not ${input.type}`, [{ field: 'body.content', message: `does not match type ${input.type}` }]);
      }
      return store.insert({
        id: uuidv7(), resourceId, versionId: null, name: input.name, mimeType: input.type, size: bytes.length,
        checksum: createHash('sha256').update(bytes).digest('hex'), content: bytes, createdBy: principal.id,
      });
    },
    async list(principal, resourceId) {
      await resources.get(principal, resourceId);
      return store.listForResource(resourceId);
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
