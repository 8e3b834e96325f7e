import { conflict } from '@symbia/kit/errors';
import type { ConversationStore } from '../conversations/conversation.store.js';
import { conversationNotFound } from '../conversations/access.js';
import { MessagingErrorCodes } from '../errors.js';
import type { MessageRow } from './message-view.js';
import type { MessageStore, NewMessage } from './message.store.js';

export type MessageTransaction = <T>(
  fn: (stores: { conversations: ConversationStore; messages: MessageStore }) => Promise<T>,
) => Promise<T>;

export interface WriteResult {
  row: MessageRow;
  /** The id was already used by this sender in this conversation: nothing new was stored (W10). */
  replayed: boolean;
}

/** Thrown inside the transaction to roll back a sequence bump when a concurrent insert took the id. */
class IdTaken extends Error {}

const idConflict = () =>
  conflict('This message id is already used by another message', MessagingErrorCodes.messageIdConflict);

/** W10: a replayed id matches only the same sender in the same conversation; anything else is a 409. */
function replayOf(existing: MessageRow, row: Pick<NewMessage, 'conversationId' | 'senderId'>): WriteResult {
  if (existing.conversationId !== row.conversationId || existing.senderId !== row.senderId) throw idConflict();
  return { row: existing, replayed: true };
}

/**
 * Stores one message: `sequence` is allocated by bumping the conversation's counter, which also locks its
 * row until commit (messaging.md §4.3), so sequences are gap-free and ordered per conversation. A server-minted
 * id cannot collide and goes in as one statement; a client id that is already taken is answered from the
 * stored row instead.
 */
export async function writeMessage(
  deps: { transaction: MessageTransaction; messages: MessageStore },
  row: Omit<NewMessage, 'sequence'>,
  options: { clientId: boolean },
): Promise<WriteResult> {
  const { transaction } = deps;
  if (!options.clientId) {
    const created = await deps.messages.insertNext(row);
    if (!created) throw conversationNotFound();
    return { row: created, replayed: false };
  }
  try {
    return await transaction(async (tx) => {
      const existing = await tx.messages.findAny(row.id);
      if (existing) return replayOf(existing, row);
      const sequence = await tx.conversations.nextSequence(row.conversationId);
      if (sequence === undefined) throw conversationNotFound();
      const created = await tx.messages.insert({ ...row, sequence });
      if (!created) throw new IdTaken();
      return { row: created, replayed: false };
    });
  } catch (error) {
    if (!(error instanceof IdTaken)) throw error;
    return transaction(async (tx) => {
      const existing = await tx.messages.findAny(row.id);
      if (!existing) throw idConflict();
      return replayOf(existing, row);
    });
  }
}
