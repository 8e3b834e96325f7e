-- Catalog schema (catalog.md §3, DESIGN §5). Ids are text: UUIDv7 minted by the service, or readable ids
-- for bootstrap rows (`ast-echo`, catalog.md §3).

CREATE TABLE resources (
  id text PRIMARY KEY,
  key varchar(255) NOT NULL,
  name text NOT NULL,
  description text,
  type varchar(50) NOT NULL,
  status varchar(50) NOT NULL DEFAULT 'draft',
  tags text[] NOT NULL DEFAULT '{}',
  -- null = platform-wide (bootstrap and super-admin rows); otherwise the owning org (DESIGN §5).
  org_id uuid,
  access_policy jsonb NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  -- null until the first publish; then the highest version number (catalog.md §5, W7).
  current_version integer,
  is_bootstrap boolean NOT NULL DEFAULT false,
  -- SHA-256 of the bootstrap definition last applied; an operator edit sets modified_by_operator and the
  -- loader then leaves the row alone (W16).
  bootstrap_hash text,
  modified_by_operator boolean NOT NULL DEFAULT false,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Keys are unique per tenant, so one org cannot learn another's keys through a conflict.
CREATE UNIQUE INDEX resources_org_key_idx ON resources (COALESCE(org_id, '00000000-0000-0000-0000-000000000000'::uuid), key);
CREATE INDEX resources_type_idx ON resources (type);
CREATE INDEX resources_org_idx ON resources (org_id);
CREATE INDEX resources_status_idx ON resources (status);
CREATE INDEX resources_updated_idx ON resources (updated_at DESC, id DESC);
CREATE INDEX resources_tags_idx ON resources USING gin (tags);

CREATE TABLE resource_versions (
  id text PRIMARY KEY,
  resource_id text NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  version integer NOT NULL,
  content jsonb NOT NULL,
  content_hash text NOT NULL,
  changelog text NOT NULL,
  published_at timestamptz NOT NULL DEFAULT now(),
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now(),
  -- Backstop for concurrent publishes; the publish transaction also locks the resource row.
  UNIQUE (resource_id, version)
);

-- Bootstrap rows an operator deleted: the loader never brings them back (catalog.md §14.16).
CREATE TABLE bootstrap_tombstones (
  resource_id text PRIMARY KEY,
  deleted_at timestamptz NOT NULL DEFAULT now()
);
