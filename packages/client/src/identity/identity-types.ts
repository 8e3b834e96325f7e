export interface OrgRef {
  id: string;
  name: string;
  slug: string;
  role: string;
}

export interface Me {
  id: string;
  email: string;
  name: string;
  isSuperAdmin: boolean;
  organizations: OrgRef[];
  entitlements: string[];
  roles: string[];
}

export interface TokenPair {
  token: string;
  expiresAt: string;
  refreshToken: string;
  refreshTokenExpiresAt: string;
}

export interface Organization {
  id: string;
  name: string;
  slug: string;
  planId: string | null;
  createdAt: string;
}

export interface OrgSummary extends Organization {
  role: string;
  memberCount: number;
  planName: string;
}

export interface ApiKey {
  id: string;
  name: string;
  keyPrefix: string;
  orgId: string | null;
  scopes: string[];
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
  createdAt: string;
}

export interface CreatedApiKey extends ApiKey {
  key: string;
  rotatedFrom: string | null;
}

export interface Agent {
  id: string;
  agentId: string;
  name: string;
  orgId: string | null;
  capabilities: string[];
}

export interface AgentProfile extends Agent {
  metadata: Record<string, unknown>;
  isActive: boolean;
  lastSeenAt: string | null;
  createdAt: string;
}

export interface RegisterAgentInput {
  agentId: string;
  /** ≥ 32 characters; generated and kept by the registering service. */
  credential: string;
  name: string;
  orgId?: string | null;
  capabilities?: string[];
  metadata?: Record<string, unknown>;
}

/** Vault entry as listed: metadata and a short clear prefix, never the secret. */
export interface Credential {
  id: string;
  provider: string;
  name: string;
  credentialPrefix: string | null;
  isOrgWide: boolean;
  orgId: string | null;
  credentialType: string;
  metadata: Record<string, unknown>;
  lastUsedAt: string | null;
  createdAt: string;
}

export interface CreateCredentialInput {
  provider: string;
  name: string;
  apiKey: string;
  isOrgWide?: boolean;
  orgId?: string | null;
  metadata?: Record<string, unknown>;
}

/** Answer of the internal lookup (service principals with cap:identity.credentials.read only). */
export interface ResolvedCredential {
  apiKey: string;
  credentialId: string;
  provider: string;
  credentialType: string;
  metadata: Record<string, unknown>;
  isProxy: boolean;
  ownerId: string;
  isOrgWide: boolean;
  orgId: string | null;
  expiresAt: string | null;
}

export type EntityType = 'user' | 'assistant' | 'service' | 'integration' | 'sandbox';
export type EntityStatus = 'active' | 'inactive' | 'suspended';

/** An entry of the @name directory (identity.md §7.12). */
export interface Entity {
  id: string;
  type: EntityType;
  slug: string;
  displayName: string;
  instanceId: string | null;
  instanceIndex: number;
  orgId: string | null;
  networkId: string | null;
  capabilities: string[];
  tags: string[];
  status: EntityStatus;
  boundNodeId: string | null;
  boundAt: string | null;
  sourceTable: 'users' | 'agents' | null;
  sourceId: string | null;
  metadata: Record<string, unknown>;
  registeredAt: string;
  lastSeenAt: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface CreateEntityInput {
  type: EntityType;
  slug: string;
  displayName: string;
  /** Omitted or null: a global entity (super admins, platform services and org-less agents only). */
  orgId?: string | null;
  instanceId?: string | null;
  networkId?: string | null;
  capabilities?: string[];
  tags?: string[];
  sourceTable?: 'users' | 'agents';
  sourceId?: string;
  metadata?: Record<string, unknown>;
}

export type EntityPatch = Partial<Pick<Entity, 'displayName' | 'capabilities' | 'tags' | 'status' | 'metadata'>>;

export interface EntityQuery {
  type?: EntityType;
  orgId?: string;
  slug?: string;
  status?: EntityStatus;
  limit?: number;
  offset?: number;
}

