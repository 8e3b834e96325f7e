/** Wire shapes of the messaging service (messaging.md §4): snake_case rows, ISO-8601 times. */
export type ConversationType = 'private' | 'group';
export type ParticipantType = 'user' | 'agent';
export type ParticipantRole = 'owner' | 'admin' | 'member';
export type MessagePriority = 'low' | 'normal' | 'high' | 'critical';

export interface Conversation {
  id: string;
  type: ConversationType;
  name: string | null;
  description: string | null;
  org_id: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  metadata: Record<string, unknown>;
}

export interface Participant {
  id: string;
  conversation_id: string;
  user_id: string;
  user_type: ParticipantType;
  role: ParticipantRole;
  entity_id: string | null;
  joined_at: string;
  last_read_at: string | null;
}

export type ConversationWithParticipants = Conversation & { participants: Participant[] };

export interface Message {
  id: string;
  conversation_id: string;
  sender_id: string;
  sender_type: 'user' | 'agent' | 'service' | 'bot';
  content: string;
  content_type: string;
  reply_to: string | null;
  org_id: string | null;
  run_id: string | null;
  trace_id: string | null;
  /** Per-conversation order, gap-free; use it to detect missed messages and re-sync over REST. */
  sequence: number;
  priority: MessagePriority;
  interruptible: boolean;
  preempted_by: string | null;
  metadata: Record<string, unknown>;
  created_at: string;
  updated_at: string;
}

/** The seven control events (messaging.md §5.3); no other name is accepted. */
export const controlEventNames = ['stream.pause', 'stream.resume', 'stream.preempt', 'stream.cancel', 'stream.priority', 'stream.route', 'stream.handoff'] as const;
export type ControlEventName = (typeof controlEventNames)[number];

export interface ControlTarget {
  principalId: string;
  principalType: ParticipantType;
}

/** What sockets in the room receive under the event's own name. */
export interface ControlEvent {
  event: ControlEventName;
  conversationId: string;
  target: ControlTarget | null;
  reason: string | null;
  preemptedBy: string | null;
  runId: string | null;
  traceId: string | null;
  effectiveAt: string;
}

export interface CreateConversationInput {
  type: ConversationType;
  name?: string;
  description?: string;
  metadata?: Record<string, unknown>;
  orgId?: string | null;
  participants?: { userId: string; userType?: ParticipantType }[];
}

export interface SendMessageInput {
  content: string;
  contentType?: string;
  replyTo?: string;
  metadata?: Record<string, unknown>;
  /** Client-chosen UUID; sending it again returns the stored message (idempotency). */
  id?: string;
  runId?: string;
  traceId?: string;
  priority?: MessagePriority;
  interruptible?: boolean;
  preemptedBy?: string;
}

export interface SendControlInput {
  event: ControlEventName;
  target?: ControlTarget;
  reason?: string;
  metadata?: Record<string, unknown>;
  runId?: string;
  traceId?: string;
  preemptedBy?: string;
}

/** One cursor at a time; sequence cursors are exact, times are for older callers. */
export interface MessagePageQuery {
  limit?: number;
  beforeSequence?: number;
  afterSequence?: number;
  before?: Date | string;
  after?: Date | string;
}

export type PresenceStatus = 'online' | 'away' | 'busy' | 'offline';

export interface TypingEvent {
  conversationId: string;
  userId: string;
  userType: ParticipantType;
}

export interface PresenceEvent {
  userId: string;
  userType: ParticipantType;
  agentId: string | null;
  status: PresenceStatus;
}

export interface ParticipantPresenceEvent {
  conversationId: string;
  userId: string;
  userType: ParticipantType;
  agentId: string | null;
}

/** Socket acknowledgements: `{success:true, …}` or `{success:false, error, code}`. */
export type SocketAck<T extends object = object> = ({ success: true } & T) | { success: false; error: string; code?: string };

/** Website chat frames (DESIGN §7). */
export type ChatFrame = { content: string } | { done: true } | { error: string; details: string };
