import { AppError } from '@symbia/kit/errors';
import { isNetworkDomainError, type NetworkErrorCode } from '../domain/index.js';

const statusOf: Record<NetworkErrorCode, number> = {
  invalid_node: 400,
  invalid_contract: 400,
  invalid_bridge: 400,
  invalid_policy: 400,
  invalid_event: 400,
  contract_source_not_found: 400,
  node_not_found: 404,
  contract_not_found: 404,
  bridge_not_found: 404,
  policy_not_found: 404,
  node_owned_by_another: 403,
  node_held_by_another_socket: 409,
};

/** A domain refusal as the platform's error (the domain knows nothing of HTTP, STYLE rule 5). */
export function asAppError(error: unknown): unknown {
  if (!isNetworkDomainError(error)) return error;
  const details = error.field === undefined ? undefined : [{ field: `body.${error.field}`, message: error.message }];
  return new AppError(statusOf[error.code] ?? 400, error.code, error.message, { details });
}

/** Runs a domain call, turning its refusals into AppErrors. */
export function domainCall<T>(fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    throw asAppError(error);
  }
}
