/**
 * Which assistant answers a conversation turn (libraries.md §5.4): every assistant that wants the turn claims it,
 * waits a short window while claims from the others arrive over the network, then the highest-priority claim wins.
 *
 * The state lives in the arbiter object, one per assistant process or test (libraries W11: no module-level claims
 * map), and the clock and the wait are injected so the decision is tested without timing.
 */

export interface TurnClaim {
  assistantKey: string;
  priority: number;
  /** Epoch milliseconds. */
  claimedAt: number;
  expiresAt: number;
}

export interface ClaimDecision {
  /** True when this assistant's claim won the window. */
  shouldProceed: boolean;
  /** The key of the winning claim (this assistant's own when it proceeds). */
  winningAssistant?: string;
}

export interface ClaimArbiterDeps {
  /** Epoch milliseconds (default `Date.now`). */
  now?: () => number;
  /** Resolves after `ms` (default a timer). */
  wait?: (ms: number) => Promise<void>;
}

export interface ClaimArbiter {
  /** Records this assistant's claim, waits `windowMs`, then decides among the claims alive during the window. */
  waitForClaimWindow(conversationId: string, key: string, priority: number, windowMs?: number): Promise<ClaimDecision>;
  /**
   * A claim seen on the network (`assistant.intent.claim`). Returns false, recording nothing, for a malformed or
   * already expired claim: the values come from other nodes.
   */
  registerExternalClaim(
    conversationId: string,
    key: string,
    priority: number,
    claimedAt: number,
    expiresAt: number,
  ): boolean;
  /** The claims held for a conversation, best first (what the next decision would rank). */
  claimsOf(conversationId: string): TurnClaim[];
  /** How many conversations hold state (pruning keeps this to the live ones). */
  readonly conversations: number;
}

export const DEFAULT_CLAIM_WINDOW_MS = 500;

interface ConversationClaims {
  claims: Map<string, TurnClaim>;
  /** Start times of the windows still open: their claims must outlive pruning until they decide. */
  openWindows: number[];
}

const validClaim = (key: unknown, priority: unknown, claimedAt: unknown, expiresAt: unknown) =>
  typeof key === 'string' &&
  key.length > 0 &&
  typeof priority === 'number' &&
  Number.isFinite(priority) &&
  typeof claimedAt === 'number' &&
  Number.isFinite(claimedAt) &&
  typeof expiresAt === 'number' &&
  Number.isFinite(expiresAt) &&
  expiresAt >= claimedAt;

/** Highest priority first; ties to the earliest claim, then to the smaller key (libraries.md §5.4 [req]). */
export function compareClaims(a: TurnClaim, b: TurnClaim): number {
  if (a.priority !== b.priority) return b.priority - a.priority;
  if (a.claimedAt !== b.claimedAt) return a.claimedAt - b.claimedAt;
  if (a.assistantKey === b.assistantKey) return 0;
  return a.assistantKey < b.assistantKey ? -1 : 1;
}

const defaultWait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createClaimArbiter(deps: ClaimArbiterDeps = {}): ClaimArbiter {
  const now = deps.now ?? Date.now;
  const wait = deps.wait ?? defaultWait;
  const byConversation = new Map<string, ConversationClaims>();

  const stateOf = (conversationId: string) => {
    let state = byConversation.get(conversationId);
    if (!state) {
      state = { claims: new Map(), openWindows: [] };
      byConversation.set(conversationId, state);
    }
    return state;
  };

  // libraries.md §5.4 [req]: expired claims go, and with them conversations nobody claims any more.
  const prune = (at: number) => {
    for (const [conversationId, state] of byConversation) {
      const cutoff = Math.min(at, ...state.openWindows);
      for (const [key, claim] of state.claims) if (claim.expiresAt < cutoff) state.claims.delete(key);
      if (state.claims.size === 0 && state.openWindows.length === 0) byConversation.delete(conversationId);
    }
  };

  const record = (conversationId: string, claim: TurnClaim) => {
    const state = stateOf(conversationId);
    const held = state.claims.get(claim.assistantKey);
    // A newer claim by the same assistant replaces its older one; an older one arriving late changes nothing.
    if (!held || held.claimedAt <= claim.claimedAt) state.claims.set(claim.assistantKey, claim);
    return state;
  };

  return {
    async waitForClaimWindow(conversationId, key, priority, windowMs = DEFAULT_CLAIM_WINDOW_MS) {
      if (typeof key !== 'string' || key.length === 0) throw new TypeError('an assistant key is required');
      if (!Number.isFinite(priority)) throw new TypeError('priority must be a finite number');
      if (!Number.isFinite(windowMs) || windowMs < 0) throw new TypeError('windowMs must be a number ≥ 0');
      const openedAt = now();
      prune(openedAt);
      const state = record(conversationId, {
        assistantKey: key,
        priority,
        claimedAt: openedAt,
        expiresAt: openedAt + windowMs,
      });
      state.openWindows.push(openedAt);
      try {
        await wait(windowMs);
      } finally {
        state.openWindows.splice(state.openWindows.indexOf(openedAt), 1);
      }
      // Every claim alive at some moment of the window competes, this assistant's own included.
      const decidedAt = now();
      const contenders = [...state.claims.values()]
        .filter((claim) => claim.expiresAt >= openedAt && claim.claimedAt <= decidedAt)
        .sort(compareClaims);
      prune(decidedAt);
      const winner = contenders[0];
      if (!winner) return { shouldProceed: true, winningAssistant: key };
      return { shouldProceed: winner.assistantKey === key, winningAssistant: winner.assistantKey };
    },
    registerExternalClaim(conversationId, key, priority, claimedAt, expiresAt) {
      if (typeof conversationId !== 'string' || conversationId.length === 0) return false;
      if (!validClaim(key, priority, claimedAt, expiresAt)) return false;
      const at = now();
      prune(at);
      // Expired already, unless a window still open here began before it expired (it then competes there).
      if (expiresAt < Math.min(at, ...(byConversation.get(conversationId)?.openWindows ?? []))) return false;
      record(conversationId, { assistantKey: key, priority, claimedAt, expiresAt });
      return true;
    },
    claimsOf(conversationId) {
      return [...(byConversation.get(conversationId)?.claims.values() ?? [])].sort(compareClaims);
    },
    get conversations() {
      return byConversation.size;
    },
  };
}
