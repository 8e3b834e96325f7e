import { randomUUID } from 'node:crypto';
import { createEnvelopeSigner } from '../envelope/index.js';
import type { EventWrapper, SandboxEvent } from '../wire-types.js';

export interface SignedEnvelopeOptions {
  type: string;
  data: unknown;
  source: string;
  target: string;
  /** Any other wrapper field (an old `timestamp`, a `runId`); `path` defaults to `[source, target]`. */
  wrapper?: Partial<EventWrapper>;
}

/**
 * A fresh intra-boundary envelope from `source` to `target`, signed with `secret` the way the network signs what
 * it delivers (docs/spec/network.md §4): what tests post to a node's `POST /api/network/receive`.
 */
export function signedEnvelopeFor(secret: string, options: SignedEnvelopeOptions): SandboxEvent {
  const { source, target } = options;
  const event: SandboxEvent = {
    payload: { type: options.type, data: options.data },
    wrapper: {
      id: randomUUID(),
      runId: `run-${randomUUID()}`,
      timestamp: new Date().toISOString(),
      source,
      target,
      path: [source, target],
      boundary: 'intra',
      ...options.wrapper,
    },
    hash: '',
  };
  event.hash = createEnvelopeSigner(secret).sign(event);
  return event;
}
