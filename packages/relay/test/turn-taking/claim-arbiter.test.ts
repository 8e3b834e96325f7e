import { describe, expect, it } from 'vitest';
import { claimOfEventData, createClaimArbiter, type ClaimArbiter } from '../../src/index.js';

/**
 * The claim arbiter of libraries.md §5.4 with an injected clock: `wait` advances the clock and lets the test feed
 * the claims that "arrive" during the window, so nothing here depends on real time.
 */
const fakeClock = (start = 1_000_000) => {
  let at = start;
  let during: (() => void) | undefined;
  return {
    now: () => at,
    advance: (ms: number) => void (at += ms),
    /** What happens while the next window is open (claims of other assistants arriving). */
    duringNextWindow: (fn: () => void) => void (during = fn),
    wait: async (ms: number) => {
      const fn = during;
      during = undefined;
      fn?.();
      at += ms;
    },
  };
};

const setup = () => {
  const clock = fakeClock();
  const arbiter = createClaimArbiter({ now: clock.now, wait: clock.wait });
  return { clock, arbiter };
};

const external = (arbiter: ClaimArbiter, conversationId: string, key: string, priority: number, claimedAt: number) =>
  arbiter.registerExternalClaim(conversationId, key, priority, claimedAt, claimedAt + 500);

describe('claim arbiter (libraries.md §5.4)', () => {
  it('proceeds alone when nobody else claims the conversation', async () => {
    const { arbiter } = setup();
    await expect(arbiter.waitForClaimWindow('conv-1', 'calc', 80)).resolves.toEqual({
      shouldProceed: true,
      winningAssistant: 'calc',
    });
  });

  it('yields to a higher-priority claim that arrives during the window', async () => {
    const { clock, arbiter } = setup();
    clock.duringNextWindow(() => external(arbiter, 'conv-1', 'weather', 90, clock.now() + 100));
    await expect(arbiter.waitForClaimWindow('conv-1', 'calc', 80)).resolves.toEqual({
      shouldProceed: false,
      winningAssistant: 'weather',
    });
  });

  it('wins over a lower-priority claim', async () => {
    const { clock, arbiter } = setup();
    clock.duringNextWindow(() => external(arbiter, 'conv-1', 'weather', 40, clock.now() + 10));
    const decision = await arbiter.waitForClaimWindow('conv-1', 'calc', 80);
    expect(decision).toEqual({ shouldProceed: true, winningAssistant: 'calc' });
  });

  it('breaks a priority tie by the earliest claim, then by key order (deterministic on every node)', async () => {
    const { clock, arbiter } = setup();
    // Same priority, claimed earlier: the other assistant wins.
    external(arbiter, 'conv-1', 'zeta', 80, clock.now() - 50);
    await expect(arbiter.waitForClaimWindow('conv-1', 'calc', 80)).resolves.toMatchObject({
      shouldProceed: false,
      winningAssistant: 'zeta',
    });

    // Same priority and same instant (the window opened when the other claim was made): the smaller key wins,
    // on whichever node decides.
    const a = setup();
    a.clock.duringNextWindow(() => external(a.arbiter, 'conv-2', 'alpha', 80, a.clock.now()));
    const b = setup();
    b.clock.duringNextWindow(() => external(b.arbiter, 'conv-2', 'calc', 80, b.clock.now()));
    const [byCalc, byAlpha] = await Promise.all([
      a.arbiter.waitForClaimWindow('conv-2', 'calc', 80),
      b.arbiter.waitForClaimWindow('conv-2', 'alpha', 80),
    ]);
    expect(byCalc).toEqual({ shouldProceed: false, winningAssistant: 'alpha' });
    expect(byAlpha).toEqual({ shouldProceed: true, winningAssistant: 'alpha' });
  });

  it('ignores claims that expired before the window opened, and claims of other conversations', async () => {
    const { clock, arbiter } = setup();
    expect(arbiter.registerExternalClaim('conv-1', 'old', 99, clock.now() - 2_000, clock.now() - 1_000)).toBe(false);
    external(arbiter, 'conv-other', 'weather', 99, clock.now());
    await expect(arbiter.waitForClaimWindow('conv-1', 'calc', 10)).resolves.toEqual({
      shouldProceed: true,
      winningAssistant: 'calc',
    });
  });

  it('counts a claim that expires during the window: it was alive when the window opened', async () => {
    const { clock, arbiter } = setup();
    arbiter.registerExternalClaim('conv-1', 'weather', 90, clock.now() - 400, clock.now() + 100);
    await expect(arbiter.waitForClaimWindow('conv-1', 'calc', 80)).resolves.toMatchObject({ shouldProceed: false });
  });

  it('keeps state per conversation and prunes it after expiry (libraries W11)', async () => {
    const { clock, arbiter } = setup();
    external(arbiter, 'conv-1', 'weather', 50, clock.now());
    external(arbiter, 'conv-2', 'weather', 50, clock.now());
    expect(arbiter.conversations).toBe(2);
    expect(arbiter.claimsOf('conv-1').map((c) => c.assistantKey)).toEqual(['weather']);

    clock.advance(10_000);
    await arbiter.waitForClaimWindow('conv-3', 'calc', 50);
    // conv-1 and conv-2 expired; conv-3's own claim lives until the end of its window, which just passed.
    expect(arbiter.claimsOf('conv-1')).toEqual([]);
    expect(arbiter.conversations).toBe(1);
    clock.advance(1);
    external(arbiter, 'conv-4', 'weather', 50, clock.now());
    expect(arbiter.claimsOf('conv-3')).toEqual([]);
    expect(arbiter.conversations).toBe(1);
  });

  it('gives each arbiter its own state (no process-wide claims map)', async () => {
    const first = setup();
    const second = setup();
    external(first.arbiter, 'conv-1', 'weather', 99, first.clock.now());
    expect(second.arbiter.claimsOf('conv-1')).toEqual([]);
    await expect(second.arbiter.waitForClaimWindow('conv-1', 'calc', 10)).resolves.toMatchObject({
      shouldProceed: true,
    });
  });

  it('keeps the newest claim of an assistant', () => {
    const { clock, arbiter } = setup();
    external(arbiter, 'conv-1', 'weather', 10, clock.now());
    external(arbiter, 'conv-1', 'weather', 70, clock.now() + 5);
    external(arbiter, 'conv-1', 'weather', 99, clock.now() - 5);
    expect(arbiter.claimsOf('conv-1')).toEqual([expect.objectContaining({ assistantKey: 'weather', priority: 70 })]);
  });

  it('refuses malformed claims from the network and bad local arguments', async () => {
    const { clock, arbiter } = setup();
    const at = clock.now();
    expect(arbiter.registerExternalClaim('', 'k', 1, at, at + 1)).toBe(false);
    expect(arbiter.registerExternalClaim('c', '', 1, at, at + 1)).toBe(false);
    expect(arbiter.registerExternalClaim('c', 'k', Number.NaN, at, at + 1)).toBe(false);
    expect(arbiter.registerExternalClaim('c', 'k', 1, at, at - 1)).toBe(false);
    expect(arbiter.registerExternalClaim('c', 'k', 1, '1' as unknown as number, at + 1)).toBe(false);
    expect(arbiter.conversations).toBe(0);
    await expect(arbiter.waitForClaimWindow('c', '', 1)).rejects.toThrow(TypeError);
    await expect(arbiter.waitForClaimWindow('c', 'k', Number.POSITIVE_INFINITY)).rejects.toThrow(TypeError);
    await expect(arbiter.waitForClaimWindow('c', 'k', 1, -1)).rejects.toThrow(TypeError);
  });

  it('reads the claim of an assistant.intent.claim event, and nothing from a malformed one', () => {
    const data = {
      assistantKey: 'weather',
      entityId: 'ent-1',
      conversationId: 'conv-1',
      justification: { reason: 'r', confidence: 0.9 },
      claim: { claimedAt: 10, expiresAt: 510, priority: 90 },
    };
    expect(claimOfEventData(data)).toEqual({
      conversationId: 'conv-1',
      assistantKey: 'weather',
      priority: 90,
      claimedAt: 10,
      expiresAt: 510,
    });
    expect(claimOfEventData(null)).toBeNull();
    expect(claimOfEventData({ ...data, claim: 'x' })).toBeNull();
    expect(claimOfEventData({ ...data, claim: { ...data.claim, priority: '90' } })).toBeNull();
    expect(claimOfEventData({ ...data, assistantKey: 7 })).toBeNull();
  });
});
