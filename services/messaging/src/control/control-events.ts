/**
 * W7: the only control event names. Each is also the Socket.IO event name of its broadcast, so an
 * open-ended list would let a caller emit `message:new` (or any reserved name) into a room.
 */
export const controlEvents = [
  'stream.pause',
  'stream.resume',
  'stream.preempt',
  'stream.cancel',
  'stream.priority',
  'stream.route',
  'stream.handoff',
] as const;

export type ControlEvent = (typeof controlEvents)[number];

export const CAP_INTERRUPT = 'cap:messaging.interrupt';
export const CAP_ROUTE = 'cap:messaging.route';
export const CAP_OBSERVE = 'cap:messaging.observe';

export const isControlEvent = (name: unknown): name is ControlEvent =>
  typeof name === 'string' && (controlEvents as readonly string[]).includes(name);

/** messaging.md §5.3: routing events need `cap:messaging.route`, the rest `cap:messaging.interrupt`. */
export function requiredCapability(event: ControlEvent): string {
  return event === 'stream.route' || event === 'stream.handoff' ? CAP_ROUTE : CAP_INTERRUPT;
}

/** What the room receives (§5.3); stored under `metadata.control` as well. */
export interface ControlPayload {
  event: ControlEvent;
  conversationId: string;
  target: unknown;
  reason: string | null;
  preemptedBy: string | null;
  runId: string | null;
  traceId: string | null;
  effectiveAt: string;
}
