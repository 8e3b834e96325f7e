/**
 * Wire shapes of the messaging service (messaging.md §4): snake_case rows, ISO-8601 times. The REST shapes are
 * aliases of src/generated/messaging.ts (from services/messaging/openapi.json); the Socket.IO events and the
 * website's chat frames are not described by OpenAPI and are written here.
 */
import type { components, paths } from '../generated/messaging.js';
import type { QueryOf, RequestOf } from '../openapi.js';

type Conversations = paths['/api/conversations'];
type OneConversation = paths['/api/conversations/{id}'];
type Messages = paths['/api/conversations/{id}/messages'];

type Schemas = components['schemas'];

export type Conversation = Schemas['Conversation'];
export type ConversationWithParticipants = Schemas['ConversationWithParticipants'];
export type Participant = Schemas['Participant'];
export type ConversationType = Conversation['type'];
export type ParticipantType = ConversationWithParticipants['participants'][number]['user_type'];
export type ParticipantRole = Participant['role'];
export type Message = Schemas['Message'];
export type MessagePriority = Message['priority'];

export type CreateConversationInput = RequestOf<Conversations['post']>;
export type UpdateConversationInput = RequestOf<OneConversation['patch']>;
/** `id`: a client-chosen UUID; sending it again returns the stored message (idempotency). */
export type SendMessageInput = RequestOf<Messages['post']>;

/** One cursor at a time; sequence cursors are exact, times are for older callers (a Date is sent as ISO-8601). */
export type MessagePageQuery = Omit<QueryOf<Messages['get']>, 'before' | 'after'> & {
  before?: Date | string;
  after?: Date | string;
};

/** The seven control events (messaging.md §5.3); no other name is accepted. */
export const controlEventNames = [
  'stream.pause',
  'stream.resume',
  'stream.preempt',
  'stream.cancel',
  'stream.priority',
  'stream.route',
  'stream.handoff',
] as const;
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

/**
 * The document takes `event` as a string and `target` as any JSON (the route checks them itself); the SDK
 * accepts only the seven event names and a principal target.
 */
export type SendControlInput = Omit<RequestOf<paths['/api/conversations/{id}/control']['post']>, 'event' | 'target'> & {
  event: ControlEventName;
  target?: ControlTarget;
};

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
export type SocketAck<T extends object = object> =
  ({ success: true } & T) | { success: false; error: string; code?: string };

/** Website chat frames (DESIGN §7). */
export type ChatFrame = { content: string } | { done: true } | { error: string; details: string };
