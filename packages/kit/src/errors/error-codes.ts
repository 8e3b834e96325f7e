/** Stable machine codes shared by every service (libraries.md §1.5). Services add their own in src/errors.ts. */
export const ErrorCodes = {
  validationFailed: 'validation_failed',
  invalidJson: 'invalid_json',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  authenticationRequired: 'authentication_required',
  invalidToken: 'invalid_token',
  insufficientPermissions: 'insufficient_permissions',
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
