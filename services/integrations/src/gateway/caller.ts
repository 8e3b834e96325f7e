/**
 * Who an execute call is for, already authenticated and with its org checked against the principal's
 * memberships (the route does that; nothing here reads headers).
 */
export interface Caller {
  type: 'user' | 'agent' | 'service';
  /** Identity's id: user id, agent row id, or the service id. */
  id: string;
  /** The verified org the call runs in; null when the caller has none (a user outside any org, an anonymous chat). */
  orgId: string | null;
}

/** Propagated on calls made while serving a request (DESIGN §5). */
export type PropagationHeaders = Record<string, string>;
