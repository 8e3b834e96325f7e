/** Wire types of the catalog service (services/catalog; catalog.md §9). Timestamps are ISO-8601 strings. */

export const resourceTypes = ['component', 'graph', 'assistant', 'context', 'integration'] as const;
export type ResourceType = (typeof resourceTypes)[number];
export const resourceStatuses = ['draft', 'published', 'deprecated'] as const;
export type ResourceStatus = (typeof resourceStatuses)[number];
export const accessPolicyActions = ['read', 'write', 'publish', 'sign', 'certify', 'delete'] as const;
export type AccessPolicyAction = (typeof accessPolicyActions)[number];

export interface AccessPolicy {
  visibility: 'public' | 'org' | 'private';
  actions?: Partial<Record<AccessPolicyAction, { anyOf: string[] }>>;
}

export interface Resource {
  id: string;
  key: string;
  name: string;
  description: string | null;
  type: ResourceType;
  status: ResourceStatus;
  isBootstrap: boolean;
  modifiedByOperator: boolean;
  tags: string[];
  orgId: string | null;
  accessPolicy: AccessPolicy;
  metadata: Record<string, unknown>;
  /** null until the first publish. */
  currentVersion: number | null;
  createdAt: string;
  updatedAt: string;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface ListResourcesQuery {
  type?: ResourceType;
  status?: ResourceStatus;
  tag?: string;
  /** Key prefix, matched literally. */
  prefix?: string;
  /** Case-insensitive substring of name, key or description. */
  q?: string;
  limit?: number;
  cursor?: string;
}

export interface CreateResourceInput {
  key: string;
  name: string;
  type: ResourceType;
  description?: string | null;
  tags?: string[];
  orgId?: string | null;
  accessPolicy?: AccessPolicy;
  metadata?: Record<string, unknown>;
  /** `published` publishes version 1 at once (needs the publish right). */
  status?: ResourceStatus;
  isBootstrap?: boolean;
}

export type UpsertResourceInput = Omit<CreateResourceInput, 'key' | 'orgId'>;

export interface UpdateResourceInput {
  key?: string;
  name?: string;
  description?: string | null;
  status?: 'draft' | 'deprecated';
  tags?: string[];
  metadata?: Record<string, unknown>;
  accessPolicy?: AccessPolicy;
}

export interface SearchInput {
  query: string;
  type?: ResourceType;
  status?: ResourceStatus;
  limit?: number;
  cursor?: string;
}

export interface BulkInput {
  ids: string[];
  action: 'publish' | 'delete' | 'updateStatus' | 'addTags' | 'removeTags';
  payload?: { status?: 'draft' | 'deprecated'; tags?: string[]; changelog?: string };
}

export interface BulkResult {
  summary: { total: number; succeeded: number; failed: number };
  results: { id: string; status: 'success' | 'failed'; error?: string }[];
}

export interface ResourceVersion {
  id: string;
  resourceId: string;
  version: number;
  content: Record<string, unknown>;
  /** SHA-256 of the content's canonical JSON; what signatures cover. */
  contentHash: string;
  changelog: string;
  publishedAt: string;
  createdAt: string;
  createdBy: string | null;
}

export interface Artifact {
  id: string;
  resourceId: string;
  versionId: string | null;
  version: number | null;
  name: string;
  mimeType: string;
  size: number;
  checksum: string;
  createdBy: string | null;
  createdAt: string;
}

export interface UploadArtifactInput {
  name: string;
  /** One of the allowed MIME types (catalog.md §8.6); the bytes must match it. */
  type: string;
  content: Uint8Array;
  /** Attach to this published version. */
  version?: number;
}

export interface Signature {
  id: string;
  resourceId: string;
  versionId: string;
  version: number;
  signerId: string;
  signerName: string | null;
  algorithm: string;
  /** Raw Ed25519 key, base64url. */
  publicKey: string;
  keyFingerprint: string;
  signature: string;
  signedDigest: string;
  signedAt: string;
}

export interface SignInput {
  version?: number;
  /** Raw 32-byte Ed25519 public key and the 64-byte signature over `signaturePayload(…)`, base64 or base64url. */
  publicKey: string;
  signature: string;
}

export interface Certification {
  id: string;
  resourceId: string;
  versionId: string;
  version: number;
  certifierId: string;
  certifierName: string | null;
  certificationType: string;
  notes: string | null;
  certifiedAt: string;
  expiresAt: string | null;
  active: boolean;
}

export interface CertifyInput {
  version?: number;
  certificationType: string;
  notes?: string | null;
  expiresAt?: string | null;
}

export interface BootstrapSummary {
  generatedAt: string;
  contexts: { total: number; categories: { id: string; label: string; count: number }[] };
  graphs: { total: number };
  integrations: { total: number };
  assistants: { total: number };
  components: { total: number };
}

export interface CatalogStats {
  totalResources: number;
  publishedResources: number;
  bootstrapResources: number;
  byType: Record<string, number>;
}

export interface RateLimits {
  enabled: boolean;
  windowMs: number;
  limits: { write: number; search: number; upload: number };
}
