import type { Principal } from '@symbia/auth';
import { forbidden } from '@symbia/kit/errors';
import { MessagingErrorCodes } from '../errors.js';

export type ParticipantType = 'user' | 'agent';

/**
 * Who acts in a conversation. Agents act under their public id (`assistant:helper`, messaging.md §3), humans
 * and API keys under their identity id; the principal stays attached for org and entitlement checks.
 */
export interface Actor {
  readonly id: string;
  readonly type: ParticipantType;
  readonly principal: Principal;
}

/** messaging.md §4.2: ids starting `assistant:` or `agent:` are agents when the type is not given. */
export function inferParticipantType(userId: string): ParticipantType {
  return userId.startsWith('assistant:') || userId.startsWith('agent:') ? 'agent' : 'user';
}

/** Service principals take part only through internal endpoints or by impersonating someone. */
export function actorOf(principal: Principal): Actor {
  if (principal.type === 'service') {
    throw forbidden(
      'Service principals must act for a user or agent (X-As-User-Id)',
      MessagingErrorCodes.servicePrincipalNotAllowed,
    );
  }
  if (principal.type === 'agent') return { id: principal.agentId ?? principal.id, type: 'agent', principal };
  return { id: principal.id, type: 'user', principal };
}
