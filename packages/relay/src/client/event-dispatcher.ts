import type { SandboxEvent } from '../wire-types.js';
import { errorText, type RelayLogger } from './relay-logger.js';

export type EventHandler = (event: SandboxEvent) => unknown;

/** Handlers of received events by `payload.type`, then `*` (libraries.md §5.1). */
export interface EventDispatcher {
  on(type: string, handler: EventHandler): () => void;
  /** Runs every handler of the event's type, then every `*` handler; a throwing or rejecting handler is logged. */
  dispatch(event: SandboxEvent): void;
  /** Whether any handler (typed or `*`) would see an event of this type. */
  handles(type: string): boolean;
}

export function createEventDispatcher(logger: RelayLogger): EventDispatcher {
  const byType = new Map<string, Set<EventHandler>>();

  const run = (handler: EventHandler, event: SandboxEvent) => {
    const failed = (error: unknown) =>
      logger.error(
        { eventId: event.wrapper.id, type: event.payload.type, err: errorText(error) },
        'relay event handler failed',
      );
    try {
      const result = handler(event);
      if (result instanceof Promise) result.catch(failed);
    } catch (error) {
      failed(error);
    }
  };

  return {
    on(type, handler) {
      let set = byType.get(type);
      if (!set) byType.set(type, (set = new Set()));
      // A wrapper, so the same function registered twice is also removed once per unsubscribe.
      const entry: EventHandler = (event) => handler(event);
      set.add(entry);
      return () => {
        set.delete(entry);
        if (set.size === 0 && byType.get(type) === set) byType.delete(type);
      };
    },
    dispatch(event) {
      const type = event.payload.type;
      if (type !== '*') for (const handler of [...(byType.get(type) ?? [])]) run(handler, event);
      for (const handler of [...(byType.get('*') ?? [])]) run(handler, event);
    },
    handles(type) {
      return (byType.get(type)?.size ?? 0) > 0 || (byType.get('*')?.size ?? 0) > 0;
    },
  };
}
