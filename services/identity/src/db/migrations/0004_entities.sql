-- Entity directory for @name addressing (identity.md §3, §7.12).

CREATE TABLE entities (
  id text PRIMARY KEY CHECK (id ~ '^ent_[0-9a-f-]{36}$'),
  type text NOT NULL CHECK (type IN ('user', 'assistant', 'service', 'integration', 'sandbox')),
  slug text NOT NULL CHECK (slug ~ '^[a-z0-9_-]+$'),
  display_name text NOT NULL,
  instance_id text,
  instance_index integer NOT NULL DEFAULT 1,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  network_id text,
  capabilities jsonb NOT NULL DEFAULT '[]',
  tags jsonb NOT NULL DEFAULT '[]',
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'suspended')),
  bound_node_id text,
  bound_at timestamptz,
  source_table text CHECK (source_table IN ('users', 'agents')),
  source_id uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  registered_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- The spec's UNIQUE (slug, org_id, instance_id) with NULLs counted as equal: a global entity or one
-- without an instance must be unique too, and the database (not a read-then-insert) enforces it.
CREATE UNIQUE INDEX entities_address_uq
  ON entities (slug, coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid), coalesce(instance_id, ''));
-- One entity per user or agent, so a repeated or concurrent sync cannot duplicate one.
CREATE UNIQUE INDEX entities_source_uq ON entities (source_table, source_id) WHERE source_id IS NOT NULL;
-- A network node is bound to at most one entity (GET /api/entities/by-node/:nodeId answers one).
CREATE UNIQUE INDEX entities_bound_node_uq ON entities (bound_node_id) WHERE bound_node_id IS NOT NULL;
CREATE INDEX entities_org_idx ON entities (org_id);
CREATE INDEX entities_type_idx ON entities (type);

CREATE TABLE entity_aliases (
  id uuid PRIMARY KEY,
  entity_id text NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  alias_type text NOT NULL CHECK (alias_type IN ('slug', 'qualified', 'legacy', 'federated')),
  alias_value text NOT NULL,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  priority integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- UNIQUE (alias_value, org_id), again with one global namespace for org_id NULL.
CREATE UNIQUE INDEX entity_aliases_value_uq
  ON entity_aliases (alias_value, coalesce(org_id, '00000000-0000-0000-0000-000000000000'::uuid));
CREATE INDEX entity_aliases_entity_idx ON entity_aliases (entity_id);

-- Runtime instances of an entity: no API yet (identity.md §3); the table exists so the schema is complete (W7).
CREATE TABLE entity_instances (
  id uuid PRIMARY KEY,
  entity_id text NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
  instance_id text NOT NULL,
  instance_index integer NOT NULL,
  node_id text,
  status text NOT NULL DEFAULT 'available' CHECK (status IN ('available', 'busy', 'offline')),
  last_heartbeat timestamptz,
  load_score integer NOT NULL DEFAULT 0,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (entity_id, instance_id)
);
