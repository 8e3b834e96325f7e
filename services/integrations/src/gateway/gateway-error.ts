import { AppError, type AppErrorOptions } from '@symbia/kit/errors';
import type { ProviderId } from './normalized.js';

/** Spec §8: every execute failure says what kind it is and whether retrying can help (W12: one envelope). */
export type ErrorCategory =
  | 'validation'
  | 'auth'
  | 'quota'
  | 'not_found'
  | 'content_filter'
  | 'rate_limit'
  | 'provider'
  | 'network'
  | 'timeout'
  | 'internal';

export interface UpstreamInfo {
  /** The provider's HTTP status (W11: it travels with the error, so nothing is guessed from text). */
  status?: number;
  /** The provider's own error code or type, when it sent one. */
  code?: string;
}

export interface GatewayErrorOptions extends AppErrorOptions {
  category: ErrorCategory;
  retryable: boolean;
  provider?: ProviderId;
  upstream?: UpstreamInfo;
  /** Whether the failure says something about the provider's health (spec W7: only these trip the breaker). */
  countsAsUpstreamFailure?: boolean;
}

export class GatewayError extends AppError {
  readonly category: ErrorCategory;
  readonly retryable: boolean;
  readonly provider: ProviderId | undefined;
  readonly upstream: UpstreamInfo | undefined;
  readonly countsAsUpstreamFailure: boolean;

  constructor(status: number, code: string, message: string, options: GatewayErrorOptions) {
    super(status, code, message, options);
    this.name = 'GatewayError';
    this.category = options.category;
    this.retryable = options.retryable;
    this.provider = options.provider;
    this.upstream = options.upstream;
    this.countsAsUpstreamFailure = options.countsAsUpstreamFailure ?? false;
  }
}

export function isGatewayError(value: unknown): value is GatewayError {
  return value instanceof GatewayError;
}

/** 400 naming the offending field, in the kit's `details` format (`[{field, message}]`). */
export function invalidField(field: string, message: string, code = 'validation_failed'): GatewayError {
  return new GatewayError(400, code, `Invalid request: ${field} ${message}`, {
    category: 'validation',
    retryable: false,
    details: [{ field, message }],
  });
}
