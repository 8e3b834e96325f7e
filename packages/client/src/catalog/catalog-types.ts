/**
 * Wire types of the catalog service: aliases of src/generated/catalog.ts (from services/catalog/openapi.json),
 * named for SDK callers (catalog.md §9). Timestamps are ISO-8601 strings.
 */
import type { components, paths } from '../generated/catalog.js';
import type { QueryOf, RequestOf, ResponseOf, Same } from '../openapi.js';

type Schemas = components['schemas'];

export type CreateResourceInput = RequestOf<paths['/api/resources']['post']>;
export type ResourceType = CreateResourceInput['type'];
export type ResourceStatus = NonNullable<CreateResourceInput['status']>;
export type AccessPolicy = NonNullable<CreateResourceInput['accessPolicy']>;
export type AccessPolicyAction = keyof NonNullable<AccessPolicy['actions']>;

export const resourceTypes = ['component', 'graph', 'assistant', 'context', 'integration'] as const;
export const resourceStatuses = ['draft', 'published', 'deprecated'] as const;
export const accessPolicyActions = ['read', 'write', 'publish', 'sign', 'certify', 'delete'] as const;
// The lists above are exactly the document's enums: a route change that adds or drops a value fails to compile here.
const listsMatchTheDocument: [
  Same<(typeof resourceTypes)[number], ResourceType>,
  Same<(typeof resourceStatuses)[number], ResourceStatus>,
  Same<(typeof accessPolicyActions)[number], AccessPolicyAction>,
] = [true, true, true];
void listsMatchTheDocument;

/**
 * The document answers `accessPolicy` as any JSON; every stored policy was accepted by the create/update schemas,
 * so the SDK gives it their type.
 */
export type Resource = Omit<Schemas['Resource'], 'accessPolicy'> & { accessPolicy: AccessPolicy };

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export type ListResourcesQuery = QueryOf<paths['/api/resources']['get']>;
/** `orgId` and `key` come from the path and query string. */
export type UpsertResourceInput = RequestOf<paths['/api/resources/{id}']['put']>;
export type UpdateResourceInput = RequestOf<paths['/api/resources/{id}']['patch']>;
export type SearchInput = RequestOf<paths['/api/search']['post']>;
export type BulkInput = RequestOf<paths['/api/resources/bulk']['post']>;
export type BulkResult = ResponseOf<paths['/api/resources/bulk']['post']>;

export type ResourceVersion = Schemas['ResourceVersion'];
export type Artifact = Schemas['Artifact'];
export type Signature = Schemas['Signature'];
export type Certification = Schemas['Certification'];

/** The document's upload body, with the bytes as bytes: the client encodes them (base64) itself. */
export type UploadArtifactInput = Omit<RequestOf<paths['/api/resources/{id}/artifacts']['post']>, 'content'> & {
  content: Uint8Array;
};
/** Ed25519 only; `publicKey` and `signature` base64 or base64url (the client adds `algorithm`). */
export type SignInput = Omit<RequestOf<paths['/api/resources/{id}/signatures']['post']>, 'algorithm'>;
export type CertifyInput = RequestOf<paths['/api/resources/{id}/certifications']['post']>;

export type BootstrapSummary = ResponseOf<paths['/api/bootstrap/summary']['get']>;
export type CatalogStats = ResponseOf<paths['/api/stats']['get']>;
export type RateLimits = ResponseOf<paths['/api/rate-limits']['get']>;
