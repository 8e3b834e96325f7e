/**
 * Domain refusals of the network fabric. Each carries a stable snake_case `code`; the service shell maps codes to
 * HTTP statuses and socket acks (domain code stays free of HTTP, docs/shared STYLE rule 5).
 */
export const networkErrorCodes = [
  'invalid_node',
  'node_not_found',
  'node_owned_by_another',
  'node_held_by_another_socket',
  'invalid_contract',
  'contract_source_not_found',
  'contract_not_found',
  'invalid_bridge',
  'bridge_not_found',
  'invalid_policy',
  'policy_not_found',
  'invalid_event',
] as const;
export type NetworkErrorCode = (typeof networkErrorCodes)[number];

export class NetworkDomainError extends Error {
  readonly code: NetworkErrorCode;
  /** Which input field was wrong, when one was (for a 400 naming the field). */
  readonly field: string | undefined;

  constructor(code: NetworkErrorCode, message: string, field?: string) {
    super(message);
    this.name = 'NetworkDomainError';
    this.code = code;
    this.field = field;
  }
}

export const isNetworkDomainError = (value: unknown): value is NetworkDomainError =>
  value instanceof NetworkDomainError;
