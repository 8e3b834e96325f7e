import { AuthErrorCodes, isOrgMember } from '@symbia/auth';
import { uuidv7 } from '@symbia/kit';
import { badRequest, conflict, forbidden, notFound } from '@symbia/kit/errors';
import { MessagingErrorCodes } from '../errors.js';
import type { RealtimeBus } from '../realtime/realtime-bus.js';
import {
  canSelfJoin,
  conversationNotFound,
  isManager,
  loadAsParticipant,
  loadConversation,
  reachableScope,
  type Role,
} from './access.js';
import { inferParticipantType, type Actor, type ParticipantType } from './actor.js';
import type { ConversationStore, NewParticipant } from './conversation.store.js';
import {
  toConversationView,
  toParticipantView,
  type ConversationRow,
  type ConversationView,
  type ConversationWithParticipants,
  type ParticipantView,
} from './conversation-view.js';

export interface ParticipantInput {
  userId: string;
  userType?: ParticipantType;
  entityId?: string | null;
}

export interface CreateConversationInput {
  type: 'private' | 'group';
  name?: string | null;
  description?: string | null;
  metadata?: Record<string, unknown>;
  orgId?: string | null;
  participants?: ParticipantInput[];
}

export interface UpdateConversationInput {
  name?: string | null;
  description?: string | null;
  metadata?: Record<string, unknown>;
}

/** W9: a private conversation is a conversation between two principals. */
export const PRIVATE_LIMIT = 2;

export interface ConversationService {
  create(actor: Actor, input: CreateConversationInput): Promise<ConversationWithParticipants>;
  get(actor: Actor, id: string): Promise<ConversationWithParticipants>;
  list(actor: Actor, query: { orgId?: string; limit: number; offset: number }): Promise<ConversationView[]>;
  update(actor: Actor, id: string, input: UpdateConversationInput): Promise<ConversationView>;
  remove(actor: Actor, id: string): Promise<void>;
  join(actor: Actor, id: string): Promise<{ participant: ParticipantView; created: boolean }>;
  leave(actor: Actor, id: string): Promise<void>;
  addParticipant(
    actor: Actor,
    id: string,
    input: ParticipantInput & { role?: Exclude<Role, 'owner'> },
  ): Promise<{ participant: ParticipantView; created: boolean }>;
  removeParticipant(actor: Actor, id: string, userId: string): Promise<void>;
}

export type ConversationTransaction = <T>(fn: (store: ConversationStore) => Promise<T>) => Promise<T>;

export interface ConversationServiceDeps {
  store: ConversationStore;
  transaction: ConversationTransaction;
  bus: RealtimeBus;
}

const orgForbidden = () => forbidden('Not authorized for this organization', AuthErrorCodes.notOrgMember);

export const participantRow = (conversationId: string, input: ParticipantInput, role: Role): NewParticipant => ({
  id: uuidv7(),
  conversationId,
  userId: input.userId,
  userType: input.userType ?? inferParticipantType(input.userId),
  role,
  entityId: input.entityId ?? null,
});

/**
 * Adds a participant under the conversation row lock, so two concurrent adds cannot both squeeze into a
 * private conversation (W9). An existing participant is returned unchanged.
 */
export async function addWithinLimit(store: ConversationStore, conversation: ConversationRow, row: NewParticipant) {
  if (conversation.type === 'private') {
    const locked = await store.findForUpdate(conversation.id);
    if (!locked) throw conversationNotFound();
    const existing = await store.participant(conversation.id, row.userId);
    if (existing) return { participant: existing, created: false };
    if ((await store.countParticipants(conversation.id)) >= PRIVATE_LIMIT) {
      throw conflict(
        'Private conversations are limited to two participants',
        MessagingErrorCodes.privateConversationFull,
      );
    }
  }
  return store.addParticipant(row);
}

export function createConversationService(deps: ConversationServiceDeps): ConversationService {
  const { store, transaction, bus } = deps;

  const withParticipants = async (row: ConversationRow): Promise<ConversationWithParticipants> => ({
    ...toConversationView(row),
    participants: (await store.participants(row.id)).map(toParticipantView),
  });

  const requireManager = async (actor: Actor, id: string, message: string) => {
    const loaded = await loadAsParticipant(store, actor, id);
    if (!isManager(loaded.participant.role)) throw forbidden(message, MessagingErrorCodes.notAManager);
    return loaded;
  };

  return {
    async create(actor, input) {
      const orgId = input.orgId === undefined ? actor.principal.orgId : input.orgId;
      if (input.orgId != null && !isOrgMember(actor.principal, input.orgId)) throw orgForbidden();
      if (input.type === 'group' && !input.name) {
        throw badRequest('Group conversations require a name', [
          { field: 'body.name', message: 'is required for group conversations' },
        ]);
      }
      const others = (input.participants ?? []).filter(
        (p, i, all) => p.userId !== actor.id && all.findIndex((q) => q.userId === p.userId) === i,
      );
      if (input.type === 'private' && others.length + 1 > PRIVATE_LIMIT) {
        throw badRequest('Private conversations are limited to two participants', [
          { field: 'body.participants', message: 'may list one other participant for a private conversation' },
        ]);
      }
      const id = uuidv7();
      const created = await transaction(async (tx) => {
        const row = await tx.insert({
          id,
          type: input.type,
          name: input.name ?? null,
          description: input.description ?? null,
          orgId: orgId ?? null,
          createdBy: actor.id,
          metadata: input.metadata ?? {},
        });
        await tx.addParticipant(participantRow(id, { userId: actor.id, userType: actor.type }, 'owner'));
        for (const p of others) await tx.addParticipant(participantRow(id, p, 'member'));
        return row;
      });
      // W8: every participant's open sockets are in the room before anyone can post.
      for (const userId of [actor.id, ...others.map((p) => p.userId)]) bus.addToConversation(id, userId, created.orgId);
      return withParticipants(created);
    },

    async get(actor, id) {
      const { conversation } = await loadAsParticipant(store, actor, id);
      return withParticipants(conversation);
    },

    async list(actor, query) {
      if (query.orgId !== undefined && !isOrgMember(actor.principal, query.orgId)) throw orgForbidden();
      // messaging.md §5.1: an org filter returns that org's conversations plus unscoped ones; without one, those of
      // every org the caller is still a member of (participant rows outlive a removal).
      const scope =
        query.orgId === undefined
          ? reachableScope(actor.principal)
          : { all: false as const, orgIds: [query.orgId], includeUnscoped: true };
      const rows = await store.listForParticipant(actor.id, scope, { limit: query.limit, offset: query.offset });
      return rows.map(toConversationView);
    },

    async update(actor, id, input) {
      await requireManager(actor, id, 'Not authorized to update this conversation');
      if (input.name === null) {
        const current = await store.find(id);
        if (current?.type === 'group')
          throw badRequest('Group conversations require a name', [
            { field: 'body.name', message: 'cannot be cleared on a group conversation' },
          ]);
      }
      const updated = await store.update(id, input);
      if (!updated) throw conversationNotFound();
      const view = toConversationView(updated);
      bus.emitToConversation(id, 'conversation:updated', view);
      return view;
    },

    async remove(actor, id) {
      const { participant } = await loadAsParticipant(store, actor, id);
      if (participant.role !== 'owner')
        throw forbidden('Only the owner can delete this conversation', MessagingErrorCodes.notTheOwner);
      if (!(await store.softDelete(id))) throw conversationNotFound();
      bus.emitToConversation(id, 'conversation:deleted', { conversationId: id });
      bus.closeConversation(id);
    },

    async join(actor, id) {
      const { conversation, participant } = await loadConversation(store, actor, id);
      // W9: joining again keeps the role (an owner calling /join stays owner).
      if (participant) return { participant: toParticipantView(participant), created: false };
      if (conversation.type === 'private')
        throw badRequest('Cannot join a private conversation', undefined, MessagingErrorCodes.privateConversation);
      if (!canSelfJoin(actor, conversation)) throw orgForbidden();
      const result = await store.addParticipant(
        participantRow(id, { userId: actor.id, userType: actor.type }, 'member'),
      );
      bus.addToConversation(id, actor.id, conversation.orgId);
      return { participant: toParticipantView(result.participant), created: result.created };
    },

    async leave(actor, id) {
      const { participant } = await loadAsParticipant(store, actor, id);
      if (participant.role === 'owner') {
        throw badRequest(
          'The owner cannot leave the conversation; transfer ownership or delete it',
          undefined,
          MessagingErrorCodes.ownerCannotLeave,
        );
      }
      await store.removeParticipant(id, actor.id);
      bus.removeFromConversation(id, actor.id);
    },

    async addParticipant(actor, id, input) {
      const { conversation } = await requireManager(actor, id, 'Not authorized to add participants');
      const result = await transaction((tx) =>
        addWithinLimit(tx, conversation, participantRow(id, input, input.role ?? 'member')),
      );
      if (result.created) bus.addToConversation(id, input.userId, conversation.orgId);
      return { participant: toParticipantView(result.participant), created: result.created };
    },

    async removeParticipant(actor, id, userId) {
      await requireManager(actor, id, 'Not authorized to remove participants');
      const target = await store.participant(id, userId);
      if (!target) throw notFound('Participant not found', MessagingErrorCodes.participantNotFound);
      if (target.role === 'owner')
        throw badRequest('Cannot remove the owner', undefined, MessagingErrorCodes.cannotRemoveOwner);
      await store.removeParticipant(id, userId);
      bus.removeFromConversation(id, userId);
    },
  };
}
