/** Stable machine codes shared by every service (libraries.md §1.5). Services add their own in src/errors.ts. */
export const ErrorCodes = {
  validationFailed: 'validation_failed',
  invalidJson: 'invalid_json',
  /** A string holding NUL (U+0000) or an unpaired UTF-16 surrogate, which no store accepts. */
  invalidText: 'invalid_text',
  payloadTooLarge: 'payload_too_large',
  /** Refused by node's HTTP parser: a control byte in a header, a malformed request line. */
  malformedRequest: 'malformed_request',
  headersTooLarge: 'headers_too_large',
  requestTimeout: 'request_timeout',
  unsupportedMediaType: 'unsupported_media_type',
  authenticationRequired: 'authentication_required',
  invalidToken: 'invalid_token',
  insufficientPermissions: 'insufficient_permissions',
  /** An administrator's right is required (an org or service admin; super admins: `@symbia/auth`'s superadmin_required). */
  adminRequired: 'admin_required',
  notFound: 'not_found',
  routeNotFound: 'route_not_found',
  conflict: 'conflict',
  unprocessable: 'unprocessable_entity',
  rateLimited: 'rate_limited',
  dependencyUnavailable: 'dependency_unavailable',
  badGateway: 'bad_gateway',
  internalError: 'internal_error',
} as const;

export type ErrorCode = (typeof ErrorCodes)[keyof typeof ErrorCodes] | (string & {});
