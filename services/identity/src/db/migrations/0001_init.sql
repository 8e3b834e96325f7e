-- Identity schema (identity.md §3, DESIGN §6). Ids are UUIDv7 minted by the service.

CREATE TABLE plans (
  id uuid PRIMARY KEY,
  name text NOT NULL UNIQUE,
  features jsonb NOT NULL DEFAULT '[]',
  limits jsonb NOT NULL DEFAULT '{}',
  price_cents integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE,
  password_hash text NOT NULL,
  name text NOT NULL,
  is_super_admin boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE organizations (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  slug text NOT NULL UNIQUE,
  plan_id uuid REFERENCES plans(id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE memberships (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id uuid NOT NULL REFERENCES organizations(id) ON DELETE CASCADE,
  role text NOT NULL DEFAULT 'member',
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (org_id, user_id)
);
CREATE INDEX memberships_user_idx ON memberships (user_id);

-- user_entitlements (cap:*) and user_roles (role:*); grantedBy survives the granter's deletion (W8).
CREATE TABLE user_grants (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('entitlement', 'role')),
  grant_key text NOT NULL,
  granted_by uuid REFERENCES users(id) ON DELETE SET NULL,
  expires_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (user_id, kind, grant_key)
);

CREATE TABLE agents (
  id uuid PRIMARY KEY,
  agent_id text NOT NULL UNIQUE,
  credential_hash text NOT NULL,
  name text NOT NULL,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  capabilities jsonb NOT NULL DEFAULT '[]',
  metadata jsonb NOT NULL DEFAULT '{}',
  is_active boolean NOT NULL DEFAULT true,
  last_seen_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One row per login; the refresh token is stored only as SHA-256 and rotates on every use.
CREATE TABLE sessions (
  id uuid PRIMARY KEY,
  user_id uuid REFERENCES users(id) ON DELETE CASCADE,
  agent_id uuid REFERENCES agents(id) ON DELETE CASCADE,
  refresh_token_hash text NOT NULL UNIQUE,
  client_ip text,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_refreshed_at timestamptz,
  expires_at timestamptz NOT NULL,
  revoked_at timestamptz,
  revoked_reason text,
  CHECK ((user_id IS NULL) <> (agent_id IS NULL))
);
CREATE INDEX sessions_user_idx ON sessions (user_id);
CREATE INDEX sessions_agent_idx ON sessions (agent_id);

-- Refresh tokens already exchanged: presenting one again is reuse and revokes the session.
CREATE TABLE used_refresh_tokens (
  token_hash text PRIMARY KEY,
  session_id uuid NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  used_at timestamptz NOT NULL DEFAULT now()
);

-- Ed25519 signing keys; the private half is AES-256-GCM encrypted with CREDENTIAL_ENCRYPTION_KEY.
CREATE TABLE signing_keys (
  kid text PRIMARY KEY,
  public_jwk jsonb NOT NULL,
  private_key_encrypted text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  retired_at timestamptz,
  publish_until timestamptz
);

CREATE TABLE password_reset_tokens (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  key_hash text NOT NULL UNIQUE,
  key_prefix text NOT NULL,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  created_by uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  scopes jsonb NOT NULL DEFAULT '[]',
  expires_at timestamptz,
  last_used_at timestamptz,
  revoked_at timestamptz,
  rotated_from uuid,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX api_keys_created_by_idx ON api_keys (created_by);

CREATE TABLE user_credentials (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  org_id uuid REFERENCES organizations(id) ON DELETE CASCADE,
  provider text NOT NULL,
  name text NOT NULL,
  credential_encrypted text NOT NULL,
  credential_prefix text,
  is_org_wide boolean NOT NULL DEFAULT false,
  metadata jsonb NOT NULL DEFAULT '{}',
  credential_type text NOT NULL DEFAULT 'api_key',
  refresh_token_encrypted text,
  expires_at timestamptz,
  oauth_user_id varchar(255),
  oauth_user_email text,
  oauth_user_name text,
  last_used_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX user_credentials_user_provider_idx ON user_credentials (user_id, provider);
CREATE INDEX user_credentials_org_idx ON user_credentials (org_id);

-- Security events; metadata never holds secrets (prefixes only). Actor ids are kept as text so the
-- trail outlives deleted principals.
CREATE TABLE audit_logs (
  id uuid PRIMARY KEY,
  actor_type text NOT NULL,
  actor_id text,
  org_id uuid,
  action text NOT NULL,
  resource text NOT NULL,
  resource_id text,
  client_ip text,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_logs_created_idx ON audit_logs (created_at DESC);
CREATE INDEX audit_logs_org_idx ON audit_logs (org_id, created_at DESC);

-- Login throttling shared by every replica: failures per account and per client address.
CREATE TABLE login_throttle (
  throttle_key text PRIMARY KEY,
  failures integer NOT NULL DEFAULT 0,
  locked_until timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One-time setup token for the first super admin; only its SHA-256 is kept.
CREATE TABLE setup_tokens (
  id uuid PRIMARY KEY,
  token_hash text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now(),
  used_at timestamptz
);
