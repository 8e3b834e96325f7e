import { setErrorEnvelope } from '@symbia/kit';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isGatewayError, type ErrorCategory } from '../gateway/gateway-error.js';

function categoryOf(status: number): ErrorCategory {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'validation';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit';
  return status >= 500 ? 'internal' : 'validation';
}

function envelopeFields(error: FastifyError, status: number): Record<string, unknown> {
  if (isGatewayError(error)) {
    return {
      success: false,
      category: error.category,
      retryable: error.retryable,
      ...(error.provider !== undefined && { provider: error.provider }),
      ...(error.upstream !== undefined && { upstream: error.upstream }),
    };
  }
  return { success: false, category: categoryOf(status), retryable: status === 429 || status === 503 };
}

/**
 * Spec W12: both execute endpoints answer every error in one envelope — the platform's `{error, code, details?,
 * requestId}` (the kit's rules, so a 500 keeps its detail in the log) plus `success:false`, `category`, `retryable`
 * and, for upstream failures, `provider`/`upstream`. Registered inside the execute routes' scope only.
 */
export function registerExecuteErrorEnvelope(app: FastifyInstance): void {
  setErrorEnvelope(app, {
    fields: envelopeFields,
    // An upstream provider failing is expected, not this service's bug.
    warning: (error) =>
      isGatewayError(error) ? { code: error.code, category: error.category, upstream: error.upstream } : null,
  });
}
