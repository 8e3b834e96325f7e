/**
 * Wire types of the identity service: aliases of src/generated/identity.ts (from services/identity/openapi.json),
 * named for SDK callers. Timestamps are ISO-8601 strings.
 */
import type { components, paths } from '../generated/identity.js';
import type { QueryOf, RequestOf, ResponseOf } from '../openapi.js';

type Get<P extends keyof paths> = paths[P]['get'];
type Post<P extends keyof paths> = paths[P]['post'];
type Schemas = components['schemas'];

export type Me = Schemas['EnrichedUser'];
export type OrgRef = Schemas['OrgRef'];

/** The tokens every login, registration and refresh answers with. */
export type TokenPair = Pick<
  ResponseOf<Post<'/api/auth/refresh'>>,
  'token' | 'expiresAt' | 'refreshToken' | 'refreshTokenExpiresAt'
>;
export type RegisterInput = RequestOf<Post<'/api/auth/register'>>;
export type Registration = ResponseOf<Post<'/api/auth/register'>>;

export type Organization = Schemas['Organization'];
export type OrgSummary = ResponseOf<Get<'/api/orgs'>>['organizations'][number];
export type CreateOrganizationInput = RequestOf<Post<'/api/orgs'>>;

export type ApiKey = ResponseOf<Get<'/api/api-keys'>>[number];
/** A new or rotated key: the secret `key` is shown once. */
export type CreatedApiKey = ResponseOf<Post<'/api/api-keys'>>;
export type CreateApiKeyInput = RequestOf<Post<'/api/api-keys'>>;

/** The agent as its own login answers it. */
export type Agent = ResponseOf<Post<'/api/auth/agent/login'>>['agent'];
export type RegisteredAgent = ResponseOf<Post<'/api/auth/agent/register'>>['agent'];
export type AgentProfile = Schemas['AgentProfile'];
/** `credential`: ≥ 32 characters, generated and kept by the registering service. */
export type RegisterAgentInput = RequestOf<Post<'/api/auth/agent/register'>>;
export type AgentQuery = QueryOf<Get<'/api/agents'>>;
export type AgentList = ResponseOf<Get<'/api/agents'>>;

/** Vault entry as listed: metadata and a short clear prefix, never the secret. */
export type Credential = Schemas['CredentialSummary'];
export type CreateCredentialInput = RequestOf<Post<'/api/credentials'>>;
/** Answer of the internal lookup (service principals with cap:identity.credentials.read only). */
export type ResolvedCredential = Schemas['ResolvedCredential'];

/** An entry of the @name directory (identity.md §7.12). */
export type Entity = Schemas['Entity'];
export type CreateEntityInput = RequestOf<Post<'/api/entities'>>;
export type EntityType = CreateEntityInput['type'];
export type EntityPatch = RequestOf<NonNullable<paths['/api/entities/{id}']['patch']>>;
export type EntityStatus = NonNullable<EntityPatch['status']>;
export type EntityQuery = QueryOf<Get<'/api/entities'>>;
export type EntityList = ResponseOf<Get<'/api/entities'>>;
