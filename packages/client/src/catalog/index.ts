export { createCatalogClient, signaturePayload, type CatalogClient, type CatalogClientOptions } from './catalog-client.js';
export {
  accessPolicyActions, resourceStatuses, resourceTypes, type AccessPolicy, type AccessPolicyAction, type Artifact, type BootstrapSummary, type BulkInput,
  type BulkResult, type CatalogStats, type Certification, type CertifyInput, type CreateResourceInput, type ListResourcesQuery, type Page, type RateLimits,
  type Resource, type ResourceStatus, type ResourceType, type ResourceVersion, type SearchInput, type Signature, type SignInput, type UpdateResourceInput,
  type UploadArtifactInput, type UpsertResourceInput,
} from './catalog-types.js';
