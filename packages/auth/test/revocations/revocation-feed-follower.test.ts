import { describe, expect, it } from 'vitest';
import { createRevocationFeedFollower } from '../../src/index.js';

describe('createRevocationFeedFollower', () => {
  it('closes at once while a service token is still being fetched (identity down)', async () => {
    let asked = 0;
    const follower = createRevocationFeedFollower({
      identityUrl: 'http://identity.invalid',
      getServiceToken: () => {
        asked += 1;
        return new Promise<string>(() => {});
      },
    });
    await new Promise((r) => setTimeout(r, 10));
    expect(asked).toBe(1);
    await follower.close();
  });

  it('is stale only after staleAfterMs without a caught-up feed', async () => {
    let now = 1_000_000;
    const follower = createRevocationFeedFollower({
      identityUrl: 'http://identity.invalid',
      getServiceToken: () => new Promise<string>(() => {}),
      clock: () => now,
      staleAfterMs: 5_000,
    });
    try {
      expect(follower.isStale()).toBe(false);
      now += 5_001;
      expect(follower.isStale()).toBe(true);
    } finally {
      await follower.close();
    }
  });
});
