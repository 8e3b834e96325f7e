import { bigserial, boolean, integer, jsonb, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { AuditActorType } from '../audit/actor-types.js';
import type { OrgRole } from '../orgs/org-roles.js';

/** Drizzle mirror of migrations/*.sql; the SQL files are the source of truth for DDL. */
export const identitySchema = pgSchema('identity');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });
const createdAt = () => ts('created_at').notNull().defaultNow();

export const plans = identitySchema.table('plans', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  features: jsonb('features').$type<string[]>().notNull(),
  limits: jsonb('limits').$type<Record<string, number>>().notNull(),
  priceCents: integer('price_cents').notNull(),
  createdAt: createdAt(),
});

export const users = identitySchema.table('users', {
  id: uuid('id').primaryKey(),
  email: text('email').notNull(),
  passwordHash: text('password_hash').notNull(),
  name: text('name').notNull(),
  isSuperAdmin: boolean('is_super_admin').notNull(),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const organizations = identitySchema.table('organizations', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  planId: uuid('plan_id'),
  createdAt: createdAt(),
});

export const memberships = identitySchema.table('memberships', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  orgId: uuid('org_id').notNull(),
  role: text('role').$type<OrgRole>().notNull(),
  createdAt: createdAt(),
});

export const userGrants = identitySchema.table('user_grants', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  kind: text('kind').$type<'entitlement' | 'role'>().notNull(),
  grantKey: text('grant_key').notNull(),
  grantedBy: uuid('granted_by'),
  expiresAt: ts('expires_at'),
  createdAt: createdAt(),
});

export const agents = identitySchema.table('agents', {
  id: uuid('id').primaryKey(),
  agentId: text('agent_id').notNull(),
  credentialHash: text('credential_hash').notNull(),
  name: text('name').notNull(),
  orgId: uuid('org_id'),
  capabilities: jsonb('capabilities').$type<string[]>().notNull(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  isActive: boolean('is_active').notNull(),
  lastSeenAt: ts('last_seen_at'),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const sessions = identitySchema.table('sessions', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id'),
  agentId: uuid('agent_id'),
  refreshTokenHash: text('refresh_token_hash').notNull(),
  clientIp: text('client_ip'),
  createdAt: createdAt(),
  lastRefreshedAt: ts('last_refreshed_at'),
  expiresAt: ts('expires_at').notNull(),
  revokedAt: ts('revoked_at'),
  revokedReason: text('revoked_reason'),
});

export const usedRefreshTokens = identitySchema.table('used_refresh_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  sessionId: uuid('session_id').notNull(),
  usedAt: ts('used_at').notNull().defaultNow(),
});

export const signingKeys = identitySchema.table('signing_keys', {
  kid: text('kid').primaryKey(),
  publicJwk: jsonb('public_jwk').$type<Record<string, string>>().notNull(),
  privateKeyEncrypted: text('private_key_encrypted').notNull(),
  createdAt: createdAt(),
  retiredAt: ts('retired_at'),
  publishUntil: ts('publish_until'),
});

export const passwordResetTokens = identitySchema.table('password_reset_tokens', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  tokenHash: text('token_hash').notNull(),
  expiresAt: ts('expires_at').notNull(),
  usedAt: ts('used_at'),
  createdAt: createdAt(),
});

export const apiKeys = identitySchema.table('api_keys', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  keyHash: text('key_hash').notNull(),
  keyPrefix: text('key_prefix').notNull(),
  orgId: uuid('org_id'),
  createdBy: uuid('created_by').notNull(),
  scopes: jsonb('scopes').$type<string[]>().notNull(),
  expiresAt: ts('expires_at'),
  lastUsedAt: ts('last_used_at'),
  revokedAt: ts('revoked_at'),
  rotatedFrom: uuid('rotated_from'),
  createdAt: createdAt(),
});

export const userCredentials = identitySchema.table('user_credentials', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  orgId: uuid('org_id'),
  provider: text('provider').notNull(),
  name: text('name').notNull(),
  credentialEncrypted: text('credential_encrypted').notNull(),
  credentialPrefix: text('credential_prefix'),
  isOrgWide: boolean('is_org_wide').notNull(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  credentialType: text('credential_type').$type<'api_key' | 'oauth_token'>().notNull(),
  refreshTokenEncrypted: text('refresh_token_encrypted'),
  expiresAt: ts('expires_at'),
  oauthUserId: varchar('oauth_user_id', { length: 255 }),
  oauthUserEmail: text('oauth_user_email'),
  oauthUserName: text('oauth_user_name'),
  lastUsedAt: ts('last_used_at'),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const auditLogs = identitySchema.table('audit_logs', {
  id: uuid('id').primaryKey(),
  actorType: text('actor_type').$type<AuditActorType>().notNull(),
  actorId: text('actor_id'),
  orgId: uuid('org_id'),
  action: text('action').notNull(),
  resource: text('resource').notNull(),
  resourceId: text('resource_id'),
  clientIp: text('client_ip'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  createdAt: createdAt(),
});

export const loginThrottle = identitySchema.table('login_throttle', {
  throttleKey: text('throttle_key').primaryKey(),
  failures: integer('failures').notNull(),
  lockedUntil: ts('locked_until'),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const setupTokens = identitySchema.table('setup_tokens', {
  id: uuid('id').primaryKey(),
  tokenHash: text('token_hash').notNull(),
  createdAt: createdAt(),
  usedAt: ts('used_at'),
});

export const projects = identitySchema.table('projects', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  description: text('description'),
  status: text('status').$type<'active' | 'archived' | 'suspended'>().notNull().default('active'),
  createdAt: createdAt(),
});

export const applications = identitySchema.table('applications', {
  id: uuid('id').primaryKey(),
  projectId: uuid('project_id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  slug: text('slug').notNull(),
  environment: text('environment').$type<'development' | 'staging' | 'production'>().notNull().default('development'),
  appType: text('app_type').$type<'web' | 'mobile' | 'api' | 'cli'>().notNull().default('web'),
  repoUrl: text('repo_url'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

/** The spec's `services` (an org's external services); named so it is never confused with platform services. */
export const projectServices = identitySchema.table('project_services', {
  id: uuid('id').primaryKey(),
  projectId: uuid('project_id').notNull(),
  orgId: uuid('org_id').notNull(),
  name: text('name').notNull(),
  serviceType: text('service_type')
    .$type<'database' | 'api' | 'auth' | 'storage' | 'messaging' | 'analytics'>()
    .notNull(),
  provider: text('provider'),
  endpointUrl: text('endpoint_url'),
  externalId: text('external_id'),
  status: text('status').$type<'active' | 'inactive' | 'error'>().notNull().default('active'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const applicationServices = identitySchema.table('application_services', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  applicationId: uuid('application_id').notNull(),
  serviceId: uuid('service_id').notNull(),
  createdAt: createdAt(),
});

export const scopedEntitlements = identitySchema.table('scoped_entitlements', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  scopeType: text('scope_type').$type<'org' | 'project' | 'application' | 'service'>().notNull(),
  scopeId: uuid('scope_id').notNull(),
  featureKey: text('feature_key').notNull(),
  quota: integer('quota').notNull().default(0),
  consumed: integer('consumed').notNull().default(0),
  enabled: boolean('enabled').notNull().default(true),
  expiresAt: ts('expires_at'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
});

export const orgFeatures = identitySchema.table('org_features', {
  id: uuid('id').primaryKey(),
  orgId: uuid('org_id').notNull(),
  featureKey: text('feature_key').notNull(),
  enabled: boolean('enabled').notNull().default(true),
  expiresAt: ts('expires_at'),
  createdAt: createdAt(),
});

export type EntityType = 'user' | 'assistant' | 'service' | 'integration' | 'sandbox';
export type EntityStatus = 'active' | 'inactive' | 'suspended';
export type EntitySourceTable = 'users' | 'agents';

export const entities = identitySchema.table('entities', {
  id: text('id').primaryKey(),
  type: text('type').$type<EntityType>().notNull(),
  slug: text('slug').notNull(),
  displayName: text('display_name').notNull(),
  instanceId: text('instance_id'),
  instanceIndex: integer('instance_index').notNull().default(1),
  orgId: uuid('org_id'),
  networkId: text('network_id'),
  capabilities: jsonb('capabilities').$type<string[]>().notNull().default([]),
  tags: jsonb('tags').$type<string[]>().notNull().default([]),
  status: text('status').$type<EntityStatus>().notNull().default('active'),
  boundNodeId: text('bound_node_id'),
  boundAt: ts('bound_at'),
  sourceTable: text('source_table').$type<EntitySourceTable>(),
  sourceId: uuid('source_id'),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  registeredAt: ts('registered_at').notNull().defaultNow(),
  lastSeenAt: ts('last_seen_at'),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const entityAliases = identitySchema.table('entity_aliases', {
  id: uuid('id').primaryKey(),
  entityId: text('entity_id').notNull(),
  aliasType: text('alias_type').$type<'slug' | 'qualified' | 'legacy' | 'federated'>().notNull(),
  aliasValue: text('alias_value').notNull(),
  orgId: uuid('org_id'),
  priority: integer('priority').notNull().default(0),
  createdAt: createdAt(),
});

/** Running instances of an entity (migrations/0004_entities.sql); no route reads or writes them yet. */
export const entityInstances = identitySchema.table('entity_instances', {
  id: uuid('id').primaryKey(),
  entityId: text('entity_id').notNull(),
  instanceId: text('instance_id').notNull(),
  instanceIndex: integer('instance_index').notNull(),
  nodeId: text('node_id'),
  status: text('status').$type<'available' | 'busy' | 'offline'>().notNull().default('available'),
  lastHeartbeat: ts('last_heartbeat'),
  loadScore: integer('load_score').notNull().default(0),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull().default({}),
  createdAt: createdAt(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

/** The revocation feed (migrations/0005_revocations.sql); `cursor` exceeds 2^53 in theory, so it is a BigInt. */
export const revocations = identitySchema.table('revocations', {
  cursor: bigserial('cursor', { mode: 'bigint' }).primaryKey(),
  kind: text('kind').$type<'session' | 'user' | 'membership' | 'api_key'>().notNull(),
  subjectId: text('subject_id').notNull(),
  orgId: text('org_id'),
  at: ts('at').notNull(),
  expiresAt: ts('expires_at').notNull(),
});

export const identityTables = {
  plans,
  users,
  organizations,
  memberships,
  userGrants,
  agents,
  sessions,
  usedRefreshTokens,
  signingKeys,
  passwordResetTokens,
  apiKeys,
  userCredentials,
  auditLogs,
  loginThrottle,
  setupTokens,
  projects,
  applications,
  projectServices,
  applicationServices,
  scopedEntitlements,
  orgFeatures,
  entities,
  entityAliases,
  entityInstances,
  revocations,
};
export type IdentityTables = typeof identityTables;
