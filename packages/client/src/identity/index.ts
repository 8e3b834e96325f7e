export { createIdentityClient, type IdentityClient, type IdentityClientOptions } from './identity-client.js';
export type {
  Agent, AgentList, AgentProfile, AgentQuery, ApiKey, CreateApiKeyInput, CreateCredentialInput, CreatedApiKey, CreateEntityInput, CreateOrganizationInput, Credential,
  Entity, EntityList, EntityPatch, EntityQuery, EntityStatus, EntityType, Me, Organization, OrgRef, OrgSummary, RegisteredAgent, RegisterAgentInput, RegisterInput,
  Registration, ResolvedCredential, TokenPair,
} from './identity-types.js';
