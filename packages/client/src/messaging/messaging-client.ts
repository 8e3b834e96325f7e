import { readJson, SymbiaApiError, type FetchLike } from '../http.js';
import type {
  Conversation,
  ConversationWithParticipants,
  CreateConversationInput,
  Message,
  MessagePageQuery,
  Participant,
  ParticipantRole,
  ParticipantType,
  SendControlInput,
  SendMessageInput,
  UpdateConversationInput,
} from './messaging-types.js';

/** A fixed token, or a function returning the current one (so refreshed tokens are picked up). */
export type TokenSource = string | (() => string | null | Promise<string | null>);

export interface MessagingClientOptions {
  /** e.g. `http://localhost:5005`, or the website origin together with `apiPrefix: '/api/messaging'`. */
  baseUrl: string;
  /** Path prefix of the API; `/api` when talking to the service, `/api/messaging` through the website proxy. */
  apiPrefix?: string;
  token?: TokenSource;
  apiKey?: string;
  fetch?: FetchLike;
}

/** Per-call scope headers: `X-Org-Id` (checked against the caller's memberships) and `X-As-User-Id` (needs cap:impersonate). */
export interface CallScope {
  orgId?: string;
  asUserId?: string;
}

export interface MessagingClient {
  createConversation(input: CreateConversationInput, scope?: CallScope): Promise<ConversationWithParticipants>;
  /** null when the conversation does not exist or is not visible to the caller. */
  getConversation(id: string, scope?: CallScope): Promise<ConversationWithParticipants | null>;
  listConversations(
    query?: { orgId?: string; limit?: number; offset?: number },
    scope?: CallScope,
  ): Promise<Conversation[]>;
  updateConversation(id: string, patch: UpdateConversationInput, scope?: CallScope): Promise<Conversation>;
  deleteConversation(id: string, scope?: CallScope): Promise<void>;
  joinConversation(id: string, scope?: CallScope): Promise<Participant>;
  leaveConversation(id: string, scope?: CallScope): Promise<void>;
  addParticipant(
    id: string,
    userId: string,
    userType?: ParticipantType,
    role?: Exclude<ParticipantRole, 'owner'>,
    scope?: CallScope,
  ): Promise<Participant>;
  removeParticipant(id: string, userId: string, scope?: CallScope): Promise<void>;
  sendMessage(id: string, input: SendMessageInput, scope?: CallScope): Promise<Message>;
  /** Oldest first; without a cursor, the newest `limit` messages. */
  getMessages(id: string, query?: MessagePageQuery, scope?: CallScope): Promise<Message[]>;
  editMessage(id: string, messageId: string, content: string, scope?: CallScope): Promise<Message>;
  deleteMessage(id: string, messageId: string, scope?: CallScope): Promise<void>;
  sendControl(id: string, input: SendControlInput, scope?: CallScope): Promise<Message>;
}

export async function resolveToken(source: TokenSource | undefined): Promise<string | null> {
  if (source === undefined) return null;
  return typeof source === 'string' ? source : ((await source()) ?? null);
}

const iso = (value: Date | string) => (value instanceof Date ? value.toISOString() : value);

/** REST side of the messaging SDK (messaging.md §8). Non-2xx answers throw SymbiaApiError; 204 resolves to undefined. */
export function createMessagingClient(options: MessagingClientOptions): MessagingClient {
  const fetchImpl = options.fetch ?? globalThis.fetch;
  const base = options.baseUrl.replace(/\/+$/, '');
  const api = (options.apiPrefix ?? '/api').replace(/\/+$/, '');
  const path = (id: string, rest = '') => `${api}/conversations/${encodeURIComponent(id)}${rest}`;

  const call = async <T>(method: string, url: string, body?: unknown, scope: CallScope = {}): Promise<T> => {
    const token = await resolveToken(options.token);
    const res = await fetchImpl(`${base}${url}`, {
      method,
      headers: {
        ...(body !== undefined && { 'content-type': 'application/json' }),
        ...(token && { authorization: `Bearer ${token}` }),
        ...(!token && options.apiKey && { 'x-api-key': options.apiKey }),
        ...(scope.orgId && { 'x-org-id': scope.orgId }),
        ...(scope.asUserId && { 'x-as-user-id': scope.asUserId }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return readJson<T>(res);
  };

  return {
    createConversation: (input, scope) => call('POST', `${api}/conversations`, input, scope),
    async getConversation(id, scope) {
      try {
        return await call<ConversationWithParticipants>('GET', path(id), undefined, scope);
      } catch (error) {
        if (error instanceof SymbiaApiError && error.status === 404) return null;
        throw error;
      }
    },
    listConversations(query = {}, scope) {
      const params = new URLSearchParams();
      for (const [key, value] of Object.entries(query)) if (value !== undefined) params.set(key, String(value));
      const qs = params.size > 0 ? `?${params}` : '';
      return call('GET', `${api}/conversations${qs}`, undefined, scope);
    },
    updateConversation: (id, patch, scope) => call('PATCH', path(id), patch, scope),
    deleteConversation: (id, scope) => call('DELETE', path(id), undefined, scope),
    joinConversation: (id, scope) => call('POST', path(id, '/join'), undefined, scope),
    leaveConversation: (id, scope) => call('POST', path(id, '/leave'), undefined, scope),
    addParticipant: (id, userId, userType = 'user', role, scope) =>
      call('POST', path(id, '/participants'), { userId, userType, ...(role && { role }) }, scope),
    removeParticipant: (id, userId, scope) =>
      call('DELETE', path(id, `/participants/${encodeURIComponent(userId)}`), undefined, scope),
    sendMessage: (id, input, scope) => call('POST', path(id, '/messages'), { contentType: 'text', ...input }, scope),
    getMessages(id, query = {}, scope) {
      const params = new URLSearchParams();
      if (query.limit !== undefined) params.set('limit', String(query.limit));
      if (query.beforeSequence !== undefined) params.set('beforeSequence', String(query.beforeSequence));
      if (query.afterSequence !== undefined) params.set('afterSequence', String(query.afterSequence));
      if (query.before !== undefined) params.set('before', iso(query.before));
      if (query.after !== undefined) params.set('after', iso(query.after));
      const qs = params.size > 0 ? `?${params}` : '';
      return call('GET', path(id, `/messages${qs}`), undefined, scope);
    },
    editMessage: (id, messageId, content, scope) =>
      call('PATCH', path(id, `/messages/${encodeURIComponent(messageId)}`), { content }, scope),
    deleteMessage: (id, messageId, scope) =>
      call('DELETE', path(id, `/messages/${encodeURIComponent(messageId)}`), undefined, scope),
    sendControl: (id, input, scope) => call('POST', path(id, '/control'), input, scope),
  };
}
