import type { RevocationFeed, RevocationSubscription } from '../revocations/revocation-feed.js';
import { toNetworkEvent } from './revocation-events.js';

export interface RevocationPublisher {
  close(): void;
}

/**
 * Publishes every revocation committed from now on (by this replica or another: the feed LISTENs to Postgres)
 * through the relay. The feed stays the authority every service follows (DESIGN §6); these events are an extra
 * path for network subscribers, so `publish` is fire-and-forget (the relay's bounded outbox holds them while network
 * is away). Each replica publishes what it sees; subscribers may get one copy per replica and tell them apart by
 * `data.cursor`.
 */
export async function startRevocationPublisher(deps: {
  feed: RevocationFeed;
  /** The feed's cursor now: only later revocations are news to the network. */
  after: bigint;
  publish(type: string, data: unknown): void;
}): Promise<RevocationPublisher> {
  const subscription: RevocationSubscription = deps.feed.subscribe(deps.after, (events) => {
    for (const event of events) {
      const { type, data } = toNetworkEvent(event);
      deps.publish(type, data);
    }
  });
  await subscription.caughtUp;
  return { close: () => subscription.close() };
}
