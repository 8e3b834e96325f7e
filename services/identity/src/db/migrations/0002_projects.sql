-- Projects, applications, services, their links and scoped entitlements (identity.md §3, §7.7, §7.8).
-- Every row carries org_id so stores scope each query by tenant (DESIGN §5).

CREATE TABLE projects (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  slug text NOT NULL,
  description text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'suspended')),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, slug)
);

CREATE TABLE applications (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  slug text NOT NULL,
  environment text NOT NULL DEFAULT 'development' CHECK (environment IN ('development', 'staging', 'production')),
  app_type text NOT NULL DEFAULT 'web' CHECK (app_type IN ('web', 'mobile', 'api', 'cli')),
  repo_url text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX applications_project_idx ON applications (project_id);

CREATE TABLE project_services (
  id uuid PRIMARY KEY,
  project_id uuid NOT NULL REFERENCES projects(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  name text NOT NULL,
  service_type text NOT NULL CHECK (service_type IN ('database', 'api', 'auth', 'storage', 'messaging', 'analytics')),
  provider text,
  endpoint_url text,
  external_id text,
  status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'inactive', 'error')),
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX project_services_project_idx ON project_services (project_id);

CREATE TABLE application_services (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  application_id uuid NOT NULL REFERENCES applications(id) ON DELETE CASCADE,
  service_id uuid NOT NULL REFERENCES project_services(id) ON DELETE CASCADE,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (application_id, service_id)
);

-- scope_id names an org, project, application or service of the same org; rows of a deleted scope are
-- removed by the service (a polymorphic id cannot carry a foreign key).
CREATE TABLE scoped_entitlements (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  scope_type text NOT NULL CHECK (scope_type IN ('org', 'project', 'application', 'service')),
  scope_id uuid NOT NULL,
  feature_key text NOT NULL,
  quota integer NOT NULL DEFAULT 0 CHECK (quota >= 0),
  consumed integer NOT NULL DEFAULT 0 CHECK (consumed >= 0),
  enabled boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX scoped_entitlements_scope_idx ON scoped_entitlements (org_id, scope_type, scope_id);

-- Org feature flags (the spec's `entitlements`): read by members, written by super admins.
CREATE TABLE org_features (
  id uuid PRIMARY KEY,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  feature_key text NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, feature_key)
);
