-- Artifacts (catalog.md §3.2, §8.6). Bytes live in Postgres (DESIGN §3: PostgreSQL only), so deleting the
-- resource deletes its files too (W10) and no server path is ever exposed.
CREATE TABLE artifacts (
  id text PRIMARY KEY,
  resource_id text NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  version_id text REFERENCES resource_versions(id) ON DELETE CASCADE,
  name text NOT NULL,
  mime_type varchar(255) NOT NULL,
  size integer NOT NULL,
  checksum varchar(64) NOT NULL,
  content bytea NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX artifacts_resource_idx ON artifacts (resource_id, created_at DESC);
