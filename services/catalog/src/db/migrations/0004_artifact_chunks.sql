-- Artifacts are stored and served as streams (issue 16: a 45 MB upload as base64 in JSON cost ~130 MB). The bytes
-- move into fixed-size chunks so that neither an upload nor a download holds a whole file in memory; the chunks
-- cascade with their artifact, which cascades with its resource (W10). An upload writes its chunks one at a time
-- outside a transaction (a slow client must not hold a pooled connection) into a row that is not `ready` until its
-- last chunk, size and checksum are in; rows left unready by a failed or interrupted upload are never served and
-- are removed by later uploads.
CREATE TABLE artifact_chunks (
  artifact_id text NOT NULL REFERENCES artifacts(id) ON DELETE CASCADE,
  seq integer NOT NULL,
  bytes bytea NOT NULL,
  PRIMARY KEY (artifact_id, seq)
);

INSERT INTO artifact_chunks (artifact_id, seq, bytes) SELECT id, 0, content FROM artifacts;

ALTER TABLE artifacts DROP COLUMN content;
ALTER TABLE artifacts ADD COLUMN ready boolean NOT NULL DEFAULT true;
CREATE INDEX artifacts_unready_idx ON artifacts (created_at) WHERE NOT ready;
