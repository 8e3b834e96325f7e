import { AuthErrorCodes, hasAnyCapabilityFor, holdsCapability, isOrgAdmin, type Principal } from '@symbia/auth';
import { ErrorCodes, forbidden, notFound } from '@symbia/kit/errors';
import { conversationNotFound, type Role } from '../conversations/access.js';
import { addWithinLimit, participantRow, type ConversationTransaction } from '../conversations/conversation.service.js';
import type {
  ConversationFilters,
  ConversationStats,
  ConversationStore,
  OrgScope,
} from '../conversations/conversation.store.js';
import {
  toConversationView,
  toParticipantView,
  type ConversationRow,
  type ConversationView,
  type ConversationWithParticipants,
  type ParticipantView,
} from '../conversations/conversation-view.js';
import type { ParticipantType } from '../conversations/actor.js';
import { MessagingErrorCodes } from '../errors.js';
import { toMessageView, type MessageView } from '../messages/message-view.js';
import type { MessageStore } from '../messages/message.store.js';
import type { RealtimeBus } from '../realtime/realtime-bus.js';

/**
 * messaging.md §3 service admin rights, by canonical name: the registry resolves the spec's `messaging:admin` and
 * `collaborate:admin` to `cap:messaging.admin`, and `admin` to `role:admin`.
 */
const ADMIN_CAPABILITIES = ['cap:messaging.admin', 'role:admin'];
const RECENT_MESSAGES = 100;

/** Verified principals are shared frozen objects, so the view is computed once per principal. */
const rightsViews = new WeakMap<Principal, Principal>();

/** The principal with its identity roles (`role:admin`) counted among its capabilities, as the spec names both. */
function rightsView(principal: Principal): Principal {
  let view = rightsViews.get(principal);
  if (view === undefined) {
    view =
      principal.roles.length === 0
        ? principal
        : { ...principal, entitlements: [...principal.entitlements, ...principal.roles] };
    rightsViews.set(principal, view);
  }
  return view;
}

/** messaging.md §3 service admin: super admin, or a holder of a messaging admin right (opens the admin routes). */
export const isServiceAdmin = (p: Principal): boolean =>
  ADMIN_CAPABILITIES.some((capability) => holdsCapability(rightsView(p), capability));

/**
 * Whether the admin routes act on a conversation of `orgId` for `principal` (DESIGN §6). The right must act there
 * through the registry: a conversation without an org only for super admins (and services holding it), so an
 * org's agent or admin holding `messaging:admin` never reaches private DMs; an org's conversation only for an
 * admin of that org (W15, docs/decisions.md 7), never another tenant's.
 */
export function administers(principal: Principal, orgId: string | null): boolean {
  if (!hasAnyCapabilityFor(rightsView(principal), ADMIN_CAPABILITIES, orgId)) return false;
  return orgId === null || isOrgAdmin(principal, orgId);
}

export interface AdminService {
  /** 403 `Admin access required` unless a service admin; called first by every admin route. */
  requireAdmin(principal: Principal): void;
  list(
    principal: Principal,
    query: ConversationFilters & { orgId?: string; limit: number; offset: number },
  ): Promise<{ conversations: ConversationView[]; total: number; limit: number; offset: number }>;
  get(principal: Principal, id: string): Promise<ConversationWithParticipants & { recentMessages: MessageView[] }>;
  remove(principal: Principal, id: string): Promise<void>;
  userConversations(principal: Principal, userId: string): Promise<ConversationView[]>;
  addParticipant(
    principal: Principal,
    id: string,
    input: { userId: string; userType?: ParticipantType; role?: Role },
  ): Promise<{ participant: ParticipantView; created: boolean }>;
  removeParticipant(principal: Principal, id: string, userId: string): Promise<void>;
  stats(
    principal: Principal,
    query: ConversationFilters & { orgId?: string },
  ): Promise<
    ConversationStats & { filters: { orgId: string | null; type: NonNullable<ConversationFilters['type']> | null } }
  >;
}

export interface AdminServiceDeps {
  conversations: ConversationStore;
  messages: MessageStore;
  transaction: ConversationTransaction;
  bus: RealtimeBus;
}

const orgForbidden = () => forbidden('Not authorized for this organization', AuthErrorCodes.notOrgMember);

/**
 * Admin reads cover what the caller administers (`administers`): everything for super admins, otherwise the orgs
 * they are an admin of (§6.4 org guard, W15), and unscoped conversations only where the registry lets the right
 * act on rows without an org; never another tenant's rows.
 */
function adminScope(principal: Principal, orgId: string | undefined): OrgScope {
  if (orgId !== undefined) {
    if (!administers(principal, orgId)) throw orgForbidden();
    return { all: false, orgIds: [orgId], includeUnscoped: false };
  }
  if (principal.isSuperAdmin) return { all: true };
  return {
    all: false,
    orgIds: principal.orgs.filter((o) => administers(principal, o.id)).map((o) => o.id),
    includeUnscoped: administers(principal, null),
  };
}

export function createAdminService(deps: AdminServiceDeps): AdminService {
  const { conversations, messages, transaction, bus } = deps;

  /** Another tenant's conversation, or one without an org the caller may not administer, is a 404 like an unknown one (docs/decisions.md 7). */
  const load = async (principal: Principal, id: string): Promise<ConversationRow> => {
    const row = await conversations.find(id);
    if (!row || !administers(principal, row.orgId)) throw conversationNotFound();
    return row;
  };

  return {
    requireAdmin(principal) {
      if (!isServiceAdmin(principal)) throw forbidden('Admin access required', ErrorCodes.adminRequired);
    },

    async list(principal, query) {
      const { rows, total } = await conversations.listScoped(
        adminScope(principal, query.orgId),
        { type: query.type },
        query,
      );
      return { conversations: rows.map(toConversationView), total, limit: query.limit, offset: query.offset };
    },

    async get(principal, id) {
      const row = await load(principal, id);
      const [participants, recent] = await Promise.all([
        conversations.participants(id),
        messages.list(id, { kind: 'latest' }, RECENT_MESSAGES),
      ]);
      return {
        ...toConversationView(row),
        participants: participants.map(toParticipantView),
        recentMessages: recent.map(toMessageView),
      };
    },

    async remove(principal, id) {
      await load(principal, id);
      if (!(await conversations.softDelete(id))) throw conversationNotFound();
      bus.emitToConversation(id, 'conversation:deleted', { conversationId: id });
      bus.closeConversation(id);
    },

    async userConversations(principal, userId) {
      const rows = await conversations.listForParticipant(userId, adminScope(principal, undefined), {
        limit: 200,
        offset: 0,
      });
      return rows.map(toConversationView);
    },

    async addParticipant(principal, id, input) {
      const row = await load(principal, id);
      const result = await transaction(async (tx) => {
        const added = await addWithinLimit(tx, row, participantRow(id, input, input.role ?? 'member'));
        // An explicit role from an admin is applied to an existing participant; an omitted one changes nothing (W9).
        if (!added.created && input.role !== undefined && added.participant.role !== input.role) {
          return { participant: (await tx.setRole(id, input.userId, input.role)) ?? added.participant, created: false };
        }
        return added;
      });
      if (result.created) bus.addToConversation(id, input.userId, row.orgId);
      return { participant: toParticipantView(result.participant), created: result.created };
    },

    async removeParticipant(principal, id, userId) {
      await load(principal, id);
      if (!(await conversations.removeParticipant(id, userId)))
        throw notFound('Participant not found', MessagingErrorCodes.participantNotFound);
      bus.removeFromConversation(id, userId);
    },

    async stats(principal, query) {
      const stats = await conversations.stats(adminScope(principal, query.orgId), { type: query.type });
      return { ...stats, filters: { orgId: query.orgId ?? null, type: query.type ?? null } };
    },
  };
}
