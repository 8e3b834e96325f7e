import type { NotifierLogger } from './assistant-notifier.js';

/**
 * Fire-and-forget work of the assistant notifiers (messaging.md §9.1): a failure is logged, never thrown to the
 * caller, and `drain` waits for everything started so far (shutdown, tests), including work started meanwhile.
 */
export function createNotificationWork(logger: NotifierLogger) {
  const pending = new Set<Promise<void>>();
  return {
    track(work: () => Promise<void>, what: string): void {
      const run = work().catch((error: unknown) => {
        // The error text only: request headers (the forwarded token) are never part of what is logged.
        logger.warn({ err: error instanceof Error ? error.message : String(error) }, `assistant ${what} failed`);
      });
      pending.add(run);
      void run.finally(() => pending.delete(run));
    },
    async drain(): Promise<void> {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },
  };
}
