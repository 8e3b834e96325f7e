import { isAppError } from '@symbia/kit/errors';
import type { FastifyError, FastifyInstance } from 'fastify';
import { isGatewayError, type ErrorCategory } from '../gateway/gateway-error.js';

function categoryOf(status: number): ErrorCategory {
  if (status === 400 || status === 413 || status === 415 || status === 422) return 'validation';
  if (status === 401 || status === 403) return 'auth';
  if (status === 404) return 'not_found';
  if (status === 429) return 'rate_limit';
  return status >= 500 ? 'internal' : 'validation';
}

function validationDetails(error: FastifyError): { field: string; message: string }[] {
  const where = error.validationContext ?? 'body';
  return (error.validation ?? []).map((issue) => {
    const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    return { field: path ? `${where}.${path}` : where, message: issue.message ?? 'is invalid' };
  });
}

const FRAMEWORK_CODES: Record<string, { code: string; message: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { code: 'payload_too_large', message: 'Request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { code: 'unsupported_media_type', message: 'Unsupported content type; send application/json' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { code: 'invalid_json', message: 'Request body is empty but content-type is application/json' },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'invalid_json', message: 'Request body is not valid JSON' },
};

/**
 * Spec W12: both execute endpoints answer every error in one envelope — the platform's `{error, code, details?,
 * requestId}` plus `success:false`, `category`, `retryable` and, for upstream failures, `provider`/`upstream`.
 * Registered inside the execute routes' scope only; anything unexpected is rethrown to the kit's handler
 * (generic 500, detail only in the log).
 */
export function registerExecuteErrorEnvelope(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const send = (status: number, body: Record<string, unknown>) =>
      reply.code(status).type('application/json; charset=utf-8').send({ success: false, ...body, requestId: request.id });
    if (isGatewayError(error)) {
      if (error.headers) reply.headers(error.headers);
      if (error.status >= 500) request.log.warn({ code: error.code, category: error.category, upstream: error.upstream }, error.message);
      return send(error.status, {
        error: error.message, code: error.code, category: error.category, retryable: error.retryable,
        ...(error.provider !== undefined && { provider: error.provider }), ...(error.upstream !== undefined && { upstream: error.upstream }),
        ...(error.details !== undefined && { details: error.details }),
      });
    }
    if (isAppError(error)) {
      if (error.headers) reply.headers(error.headers);
      if (error.status >= 500) request.log.error({ err: error }, error.message);
      return send(error.status, {
        error: error.message, code: error.code, category: categoryOf(error.status), retryable: error.status === 429 || error.status === 503,
        ...(error.details !== undefined && { details: error.details }),
      });
    }
    if (error.validation) {
      const details = validationDetails(error);
      return send(400, { error: `Invalid request: ${[...new Set(details.map((d) => d.field))].join(', ')}`, code: 'validation_failed', category: 'validation', retryable: false, details });
    }
    const framework = FRAMEWORK_CODES[error.code];
    if (framework) return send(error.statusCode ?? 400, { ...framework, category: 'validation', retryable: false });
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500) {
      return send(error.statusCode, { error: error.message, code: error.statusCode === 429 ? 'rate_limited' : 'bad_request', category: categoryOf(error.statusCode), retryable: error.statusCode === 429 });
    }
    throw error;
  });
}
