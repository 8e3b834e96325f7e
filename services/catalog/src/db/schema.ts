import { boolean, customType, integer, jsonb, pgSchema, text, timestamp, uuid, varchar } from 'drizzle-orm/pg-core';
import type { AccessPolicy } from '../access/access-policy.js';

/** Drizzle mirror of migrations/*.sql; the SQL files are the source of truth for DDL. */
export const catalogSchema = pgSchema('catalog');

const ts = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const resources = catalogSchema.table('resources', {
  id: text('id').primaryKey(),
  key: varchar('key', { length: 255 }).notNull(),
  name: text('name').notNull(),
  description: text('description'),
  type: varchar('type', { length: 50 }).notNull(),
  status: varchar('status', { length: 50 }).notNull(),
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
  content: bytea('content').notNull(),
  createdBy: text('created_by'),
  createdAt: ts('created_at').notNull().defaultNow(),
});

export const catalogTables = { resources, resourceVersions, bootstrapTombstones, artifacts };
export type CatalogTables = typeof catalogTables;
