-- Integrations schema (spec §5, DESIGN §5). Keys are never stored here: only which credential was used.

-- One row per LLM call through either execute endpoint (spec §5 integration_execution_logs, W22 proxy usage).
CREATE TABLE execution_logs (
  id uuid PRIMARY KEY,
  request_id text NOT NULL,
  -- null for a service call made without an org (e.g. the anonymous website chat).
  org_id uuid,
  caller_type varchar(16) NOT NULL,
  caller_id text NOT NULL,
  provider varchar(32) NOT NULL,
  operation varchar(32) NOT NULL,
  model text NOT NULL,
  response_model text,
  stream boolean NOT NULL,
  -- personal | org-wide | platform | none; credential_id is the vault id (never the key).
  credential_source varchar(16) NOT NULL,
  credential_id text,
  credential_owner_id text,
  -- An org-wide key owned by someone else paid for this call (spec proxy_usage).
  is_proxy boolean NOT NULL DEFAULT false,
  success boolean NOT NULL,
  finish_reason varchar(32),
  error_category varchar(32),
  error_code varchar(64),
  upstream_status integer,
  prompt_tokens integer NOT NULL DEFAULT 0,
  completion_tokens integer NOT NULL DEFAULT 0,
  total_tokens integer NOT NULL DEFAULT 0,
  -- true when the upstream reported no usage and the counts are estimates (chars / 4).
  usage_estimated boolean NOT NULL DEFAULT false,
  attempts integer NOT NULL DEFAULT 1,
  ttft_ms integer,
  duration_ms integer NOT NULL,
  started_at timestamptz NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX execution_logs_org_created_idx ON execution_logs (org_id, created_at DESC);
CREATE INDEX execution_logs_provider_created_idx ON execution_logs (provider, created_at DESC);
CREATE INDEX execution_logs_request_idx ON execution_logs (request_id);

-- Fixed-window request counters shared by every replica (per-org rate limits). Replicas claim slots in
-- small leases; last_grant is the size of the most recent claim, computed from the row's old value.
CREATE TABLE rate_windows (
  scope text NOT NULL,
  window_start bigint NOT NULL,
  used integer NOT NULL,
  last_grant integer NOT NULL,
  PRIMARY KEY (scope, window_start)
);
