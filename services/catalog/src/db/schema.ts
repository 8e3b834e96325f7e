import { boolean, customType, integer, jsonb, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { AccessPolicy } from '../access/access-policy.js';
import type { ResourceStatus, ResourceType } from '../resources/resource-types.js';

/** Drizzle mirror of migrations/*.sql; the SQL files are the source of truth for DDL. */
export const catalogSchema = pgSchema('catalog');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const resources = catalogSchema.table('resources', {
  id: text('id').primaryKey(),
  key: varchar('key', { length: 255 }).notNull(),
  name: text('name').notNull(),
  description: text('description'),
  type: varchar('type', { length: 50 }).$type<ResourceType>().notNull(),
  status: varchar('status', { length: 50 }).$type<ResourceStatus>().notNull(),
  tags: text('tags').array().notNull(),
  orgId: uuid('org_id'),
  accessPolicy: jsonb('access_policy').$type<AccessPolicy>().notNull(),
  metadata: jsonb('metadata').$type<Record<string, unknown>>().notNull(),
  currentVersion: integer('current_version'),
  isBootstrap: boolean('is_bootstrap').notNull(),
  bootstrapHash: text('bootstrap_hash'),
  modifiedByOperator: boolean('modified_by_operator').notNull(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
  updatedAt: ts('updated_at').notNull().defaultNow(),
});

export const resourceVersions = catalogSchema.table('resource_versions', {
  id: text('id').primaryKey(),
  resourceId: text('resource_id').notNull(),
  version: integer('version').notNull(),
  content: jsonb('content').$type<Record<string, unknown>>().notNull(),
  contentHash: text('content_hash').notNull(),
  changelog: text('changelog').notNull(),
  publishedAt: ts('published_at').notNull().defaultNow(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const bootstrapTombstones = catalogSchema.table('bootstrap_tombstones', {
  resourceId: text('resource_id').primaryKey(),
  deletedAt: ts('deleted_at').notNull().defaultNow(),
});

const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });

export const artifacts = catalogSchema.table('artifacts', {
  id: text('id').primaryKey(),
  resourceId: text('resource_id').notNull(),
  versionId: text('version_id'),
  name: text('name').notNull(),
  mimeType: varchar('mime_type', { length: 255 }).notNull(),
  size: integer('size').notNull(),
  checksum: varchar('checksum', { length: 64 }).notNull(),
  /** False while an upload is still writing its chunks (migrations/0004_artifact_chunks.sql). */
  ready: boolean('ready').notNull().default(true),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

/** An artifact's bytes in order, one bounded chunk per row. */
export const artifactChunks = catalogSchema.table('artifact_chunks', {
  artifactId: text('artifact_id').notNull(),
  seq: integer('seq').notNull(),
  bytes: bytea('bytes').notNull(),
});

export const signatures = catalogSchema.table('signatures', {
  id: text('id').primaryKey(),
  resourceId: text('resource_id').notNull(),
  versionId: text('version_id').notNull(),
  signerId: varchar('signer_id', { length: 255 }).notNull(),
  signerName: text('signer_name'),
  algorithm: varchar('algorithm', { length: 50 }).notNull(),
  publicKey: text('public_key').notNull(),
  keyFingerprint: varchar('key_fingerprint', { length: 64 }).notNull(),
  signature: text('signature').notNull(),
  signedDigest: varchar('signed_digest', { length: 64 }).notNull(),
  signedAt: ts('signed_at').notNull().defaultNow(),
});

export const certifications = catalogSchema.table('certifications', {
  id: text('id').primaryKey(),
  resourceId: text('resource_id').notNull(),
  versionId: text('version_id').notNull(),
  certifierId: varchar('certifier_id', { length: 255 }).notNull(),
  certifierName: text('certifier_name'),
  certificationType: varchar('certification_type', { length: 100 }).notNull(),
  notes: text('notes'),
  certifiedAt: ts('certified_at').notNull().defaultNow(),
  expiresAt: ts('expires_at'),
});

export const rateLimitWindows = catalogSchema.table('rate_limit_windows', {
  bucketKey: text('bucket_key').primaryKey(),
  hits: integer('hits').notNull(),
  resetsAt: ts('resets_at').notNull(),
});

export const catalogTables = {
  resources,
  resourceVersions,
  bootstrapTombstones,
  artifacts,
  artifactChunks,
  signatures,
  certifications,
  rateLimitWindows,
};
export type CatalogTables = typeof catalogTables;
