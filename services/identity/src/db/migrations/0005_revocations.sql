-- Revocation feed (DESIGN §6): every service follows it and refuses within a second what identity revoked.
-- `cursor` orders the feed; writers take an advisory lock before inserting, so rows commit in cursor order
-- and a follower resuming after cursor N can never miss a row with a smaller cursor that committed later.
CREATE TABLE revocations (
  cursor bigserial PRIMARY KEY,
  -- session: subject_id = session id; user: a user or agent whose tokens issued before `at` are stale
  -- (role and entitlement changes, deletion); membership: subject_id = user id, org_id = the org it left;
  -- api_key: subject_id = key id.
  kind text NOT NULL CHECK (kind IN ('session', 'user', 'membership', 'api_key')),
  subject_id text NOT NULL,
  org_id text,
  at timestamptz NOT NULL,
  -- After this no credential the row concerns can still be valid (at + access-token TTL): the row is pruned.
  expires_at timestamptz NOT NULL
);
CREATE INDEX revocations_expires_at_idx ON revocations (expires_at);

-- Every identity replica LISTENs on this channel; NOTIFY is delivered at commit, so a rolled-back change
-- announces nothing.
CREATE FUNCTION notify_revocation() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('identity_revocations', NEW.cursor::text);
  RETURN NEW;
END
$$;
CREATE TRIGGER revocations_notify AFTER INSERT ON revocations FOR EACH ROW EXECUTE FUNCTION notify_revocation();
