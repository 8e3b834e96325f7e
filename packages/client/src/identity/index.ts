export { createIdentityClient, type IdentityClient, type IdentityClientOptions } from './identity-client.js';
export type {
  Agent, AgentProfile, ApiKey, CreateCredentialInput, CreatedApiKey, CreateEntityInput, Credential, Entity, EntityPatch, EntityQuery, EntityStatus, EntityType, Me,
  Organization, OrgRef, OrgSummary, RegisterAgentInput, ResolvedCredential, TokenPair,
} from './identity-types.js';
