export { SymbiaApiError, type FetchLike } from './http.js';
export { createIdentityClient, type IdentityClient, type IdentityClientOptions } from './identity/identity-client.js';
export type {
  Agent, AgentProfile, ApiKey, CreateCredentialInput, CreatedApiKey, Credential, Me, Organization, OrgRef, OrgSummary, RegisterAgentInput,
  ResolvedCredential, TokenPair,
} from './identity/identity-types.js';
