-- One OAuth row per (user, provider): POST /api/internal/credentials/oauth becomes a single
-- INSERT … ON CONFLICT, so two concurrent first stores cannot both insert (identity.md §7.11).
-- The earlier find-then-insert may have left duplicates; the newest row is the one it kept updating,
-- so older ones are dropped before the index is built.
DELETE FROM user_credentials older
  USING user_credentials newer
  WHERE older.credential_type = 'oauth_token' AND NOT older.is_org_wide
    AND newer.credential_type = 'oauth_token' AND NOT newer.is_org_wide
    AND newer.user_id = older.user_id AND newer.provider = older.provider
    AND (newer.created_at, newer.id) > (older.created_at, older.id);

CREATE UNIQUE INDEX user_credentials_oauth_uq ON user_credentials (user_id, provider)
  WHERE credential_type = 'oauth_token' AND NOT is_org_wide;
