-- Messaging schema (messaging.md §4, DESIGN §5). Row-level security is not used (W18): every tenant query is
-- scoped in the stores by the caller's participation and org, so no policy can be silently bypassed.

CREATE TABLE conversations (
  id uuid PRIMARY KEY,
  type varchar(20) NOT NULL CHECK (type IN ('private', 'group')),
  name varchar(255),
  description text,
  -- null = unscoped (no tenant); otherwise the owning org (DESIGN §5).
  org_id varchar(255),
  created_by varchar(255) NOT NULL,
  metadata jsonb NOT NULL DEFAULT '{}',
  -- Highest message sequence handed out; bumped under the row lock by each insert (§4.3, W12).
  last_sequence bigint NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  -- W17: deleting a conversation keeps its audit trail; every read excludes deleted rows.
  deleted_at timestamptz,
  CHECK (type <> 'group' OR name IS NOT NULL)
);
CREATE INDEX conversations_org_idx ON conversations (org_id) WHERE deleted_at IS NULL;
CREATE INDEX conversations_updated_idx ON conversations (updated_at DESC, id DESC) WHERE deleted_at IS NULL;
-- Channel bridge lookup (§6.2 by-channel).
CREATE INDEX conversations_channel_idx ON conversations ((metadata->'channel'->>'type'), (metadata->'channel'->>'connectionId'), (metadata->'channel'->>'chatId'))
  WHERE metadata ? 'channel' AND deleted_at IS NULL;

CREATE TABLE participants (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  user_id varchar(255) NOT NULL,
  user_type varchar(20) NOT NULL DEFAULT 'user' CHECK (user_type IN ('user', 'agent')),
  role varchar(20) NOT NULL DEFAULT 'member' CHECK (role IN ('owner', 'admin', 'member')),
  entity_id varchar(255),
  joined_at timestamptz NOT NULL DEFAULT now(),
  last_read_at timestamptz,
  UNIQUE (conversation_id, user_id)
);
CREATE INDEX participants_user_idx ON participants (user_id);
CREATE INDEX participants_entity_idx ON participants (entity_id) WHERE entity_id IS NOT NULL;

CREATE TABLE messages (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations(id) ON DELETE CASCADE,
  sender_id varchar(255) NOT NULL,
  sender_type varchar(20) NOT NULL DEFAULT 'user' CHECK (sender_type IN ('user', 'agent', 'service', 'bot')),
  content text NOT NULL,
  content_type varchar(50) NOT NULL DEFAULT 'text',
  reply_to uuid REFERENCES messages(id) ON DELETE SET NULL,
  org_id varchar(255),
  run_id uuid,
  trace_id varchar(255),
  sequence bigint NOT NULL,
  priority varchar(20) NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'critical')),
  interruptible boolean NOT NULL DEFAULT true,
  preempted_by uuid,
  metadata jsonb NOT NULL DEFAULT '{}',
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz,
  -- Backstop for the sequence allocation done under the conversation row lock.
  UNIQUE (conversation_id, sequence)
);
CREATE INDEX messages_conversation_created_idx ON messages (conversation_id, created_at DESC);
CREATE INDEX messages_reply_idx ON messages (reply_to) WHERE reply_to IS NOT NULL;
