import { ErrorCodes, type ErrorCode } from './error-codes.js';

export interface AppErrorOptions {
  details?: unknown;
  cause?: unknown;
  /** Extra response headers, e.g. Retry-After for 429 or WWW-Authenticate for 401. */
  headers?: Record<string, string>;
}

/**
 * The one error type domain code throws. The kit's error handler turns it into
 * `{ error, code, details?, requestId }` with `status`; anything else becomes a generic 500.
 */
export class AppError extends Error {
  readonly status: number;
  readonly code: ErrorCode;
  readonly details: unknown;
  readonly headers: Record<string, string> | undefined;

  constructor(status: number, code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.status = status;
    this.code = code;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

export const badRequest = (message: string, details?: unknown, code: ErrorCode = ErrorCodes.validationFailed) =>
  new AppError(400, code, message, { details });

export const unauthorized = (
  message = 'Authentication required',
  code: ErrorCode = ErrorCodes.authenticationRequired,
) => new AppError(401, code, message, { headers: { 'www-authenticate': 'Bearer' } });

export const forbidden = (message = 'Insufficient permissions', code: ErrorCode = ErrorCodes.insufficientPermissions) =>
  new AppError(403, code, message);

export const notFound = (message = 'Not found', code: ErrorCode = ErrorCodes.notFound) =>
  new AppError(404, code, message);

export const conflict = (message: string, code: ErrorCode = ErrorCodes.conflict, details?: unknown) =>
  new AppError(409, code, message, { details });

export const unprocessable = (message: string, details?: unknown, code: ErrorCode = ErrorCodes.unprocessable) =>
  new AppError(422, code, message, { details });

export const tooManyRequests = (message = 'Too many requests', retryAfterSeconds?: number) =>
  new AppError(429, ErrorCodes.rateLimited, message, {
    headers:
      retryAfterSeconds === undefined
        ? undefined
        : { 'retry-after': String(Math.max(1, Math.ceil(retryAfterSeconds))) },
  });

export const badGateway = (message: string, code: ErrorCode = ErrorCodes.badGateway) =>
  new AppError(502, code, message);

export const serviceUnavailable = (message: string, code: ErrorCode = ErrorCodes.dependencyUnavailable) =>
  new AppError(503, code, message);
