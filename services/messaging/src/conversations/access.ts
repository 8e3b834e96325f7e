import { isOrgMember, type Principal } from '@symbia/auth';
import { forbidden, notFound } from '@symbia/kit/errors';
import { MessagingErrorCodes } from '../errors.js';
import type { Actor } from './actor.js';
import type { ConversationStore, OrgScope } from './conversation.store.js';
import type { ConversationRow, ParticipantRow } from './conversation-view.js';

export type Role = ParticipantRow['role'];
export const roles = ['owner', 'admin', 'member'] as const;

export const isManager = (role: Role): boolean => role === 'owner' || role === 'admin';

/** Unscoped conversations belong to no tenant; scoped ones are visible to members of their org. */
export const inOrgOf = (principal: Principal, orgId: string | null): boolean =>
  orgId === null || isOrgMember(principal, orgId);

/**
 * Which conversations the principal may reach at all: unscoped ones (where it still has to take part) and those of
 * the orgs its token lists. Membership is read from the principal on every access, never from participant rows,
 * which outlive a removal from the org (DESIGN §6 "Membership is checked where data is served").
 */
export const reachableScope = (principal: Principal): OrgScope =>
  principal.isSuperAdmin
    ? { all: true }
    : { all: false, orgIds: principal.orgs.map((o) => o.id), includeUnscoped: true };

export const conversationNotFound = () => notFound('Conversation not found', MessagingErrorCodes.conversationNotFound);
export const notAParticipant = () =>
  forbidden('Not a participant in this conversation', MessagingErrorCodes.notAParticipant);

/**
 * Looks a conversation up for `actor`. An unknown id and another org's conversation are the same 404
 * (docs/decisions.md 7); a conversation of the caller's own org that they are not in is a 403. Taking part is
 * not enough: a participant who is no longer a member of the conversation's org gets the same 404.
 */
export async function loadConversation(
  store: ConversationStore,
  actor: Actor,
  id: string,
): Promise<{ conversation: ConversationRow; participant: ParticipantRow | undefined }> {
  const found = await store.findWithParticipant(id, actor.id);
  if (!found) throw conversationNotFound();
  const { conversation, participant } = found;
  if (!inOrgOf(actor.principal, conversation.orgId)) throw conversationNotFound();
  return { conversation, participant };
}

/** As loadConversation, and the actor must take part in it. */
export async function loadAsParticipant(
  store: ConversationStore,
  actor: Actor,
  id: string,
): Promise<{ conversation: ConversationRow; participant: ParticipantRow }> {
  const { conversation, participant } = await loadConversation(store, actor, id);
  if (!participant) throw notAParticipant();
  return { conversation, participant };
}

/** Self-service membership (`/join`, agent auto-join): group conversations of the actor's own org only. */
export const canSelfJoin = (actor: Actor, conversation: ConversationRow): boolean =>
  conversation.type === 'group' && inOrgOf(actor.principal, conversation.orgId);
