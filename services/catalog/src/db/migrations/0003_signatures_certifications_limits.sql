-- Signatures and certifications (catalog.md §3.2). Both always name the version they attest to: versions
-- are immutable (catalog.md §5), so an attestation can never drift to content it did not see. They cascade
-- with their resource and their version.

CREATE TABLE signatures (
  id text PRIMARY KEY,
  resource_id text NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  version_id text NOT NULL REFERENCES resource_versions(id) ON DELETE CASCADE,
  signer_id varchar(255) NOT NULL,
  signer_name text,
  algorithm varchar(50) NOT NULL,
  -- Raw Ed25519 public key, base64url; the fingerprint (SHA-256 hex of the raw key) identifies it.
  public_key text NOT NULL,
  key_fingerprint varchar(64) NOT NULL,
  signature text NOT NULL,
  -- The version's content hash the signature was verified against when it was recorded.
  signed_digest varchar(64) NOT NULL,
  signed_at timestamptz NOT NULL DEFAULT now(),
  -- One signature per signer and key on a version: recording it again is idempotent.
  UNIQUE (version_id, signer_id, key_fingerprint)
);

CREATE INDEX signatures_resource_idx ON signatures (resource_id, signed_at DESC);

CREATE TABLE certifications (
  id text PRIMARY KEY,
  resource_id text NOT NULL REFERENCES resources(id) ON DELETE CASCADE,
  version_id text NOT NULL REFERENCES resource_versions(id) ON DELETE CASCADE,
  certifier_id varchar(255) NOT NULL,
  certifier_name text,
  certification_type varchar(100) NOT NULL,
  notes text,
  certified_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);

CREATE INDEX certifications_resource_idx ON certifications (resource_id, certified_at DESC);

-- Lookups by key among platform rows (`GET /api/resources/<key>`, `PUT /api/resources/<key>`).
CREATE INDEX resources_platform_key_idx ON resources (key) WHERE org_id IS NULL;

-- Rate-limit windows shared by every replica (W15). UNLOGGED: counters need no crash safety, and skipping
-- the WAL keeps a hit cheap.
CREATE UNLOGGED TABLE rate_limit_windows (
  bucket_key text PRIMARY KEY,
  hits integer NOT NULL,
  resets_at timestamptz NOT NULL
);

CREATE INDEX rate_limit_windows_resets_idx ON rate_limit_windows (resets_at);
