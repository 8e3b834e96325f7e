import type { ProviderAdapter } from '../providers/provider-adapter.js';
import type { Caller, PropagationHeaders } from '../gateway/caller.js';

export type KeySourceKind = 'personal' | 'org-wide' | 'platform' | 'none';

/** The key for one call. Held only in memory for the call's duration (spec §7), never logged or stored. */
export interface ResolvedKey {
  apiKey: string | null;
  source: KeySourceKind;
  /** The vault credential id (never the key), for the execution log and the breaker. */
  credentialId: string | null;
  ownerId: string | null;
  /** An org-wide key owned by someone else (spec proxy usage). */
  isProxy: boolean;
  /** A base URL from the credential's metadata: caller-influenced, so it goes through the SSRF guard. */
  baseUrl: string | null;
  /** What the circuit breaker keys this credential by (with the provider). */
  circuitKey: string;
}

export interface KeyRequest {
  provider: ProviderAdapter;
  caller: Caller;
  credentialId?: string;
  headers: PropagationHeaders;
}

export interface KeySource {
  resolve(request: KeyRequest): Promise<ResolvedKey>;
}

export const noKey: ResolvedKey = Object.freeze({
  apiKey: null,
  source: 'none',
  credentialId: null,
  ownerId: null,
  isProxy: false,
  baseUrl: null,
  circuitKey: 'local',
});
