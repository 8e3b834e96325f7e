import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { isAppError } from './app-error.js';
import { ErrorCodes } from './error-codes.js';

export interface ErrorBody {
  error: string;
  code: string;
  details?: unknown;
  requestId: string;
}

export interface FieldIssue {
  field: string;
  message: string;
}

function validationIssues(
  error: FastifyError & { validation: { instancePath?: string; message?: string; params?: unknown }[] },
): FieldIssue[] {
  const where = error.validationContext ?? 'body';
  return error.validation.map((issue) => {
    const path = (issue.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
    return { field: path ? `${where}.${path}` : where, message: issue.message ?? 'is invalid' };
  });
}

/** Fastify's own 4xx errors, mapped to our codes and plain sentences. */
function frameworkError(error: FastifyError): { status: number; code: string; message: string } | null {
  switch (error.code) {
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return { status: 413, code: ErrorCodes.payloadTooLarge, message: 'Request body is too large' };
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return {
        status: 415,
        code: ErrorCodes.unsupportedMediaType,
        message: 'Unsupported content type; send application/json',
      };
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return {
        status: 400,
        code: ErrorCodes.invalidJson,
        message: 'Request body is empty but content-type is application/json',
      };
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return { status: 400, code: ErrorCodes.invalidJson, message: 'Request body is not valid JSON' };
    default:
      break;
  }
  if (error instanceof SyntaxError && error.statusCode === 400) {
    return { status: 400, code: ErrorCodes.invalidJson, message: 'Request body is not valid JSON' };
  }
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) {
    return { status, code: status === 429 ? ErrorCodes.rateLimited : 'bad_request', message: error.message };
  }
  return null;
}

/**
 * A route group's own error envelope: fields added to every error body it answers, around the platform's
 * `{error, code, details?, requestId}`, which stay as they are.
 */
export interface ErrorEnvelope {
  /** The group's fields for this error and the status it is answered with (e.g. `success`, `category`, `retryable`). */
  fields(error: FastifyError, status: number): Record<string, unknown>;
  /**
   * An expected 5xx of this group (an upstream provider failing) is logged as a warning with these fields instead
   * of as this service's error; null keeps the default.
   */
  warning?(error: FastifyError): Record<string, unknown> | null;
}

function createErrorHandler(envelope?: ErrorEnvelope) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    const send = (status: number, body: Omit<ErrorBody, 'requestId'>) =>
      reply
        .code(status)
        .type('application/json; charset=utf-8')
        .send(
          envelope
            ? { ...envelope.fields(error, status), ...body, requestId: request.id }
            : { ...body, requestId: request.id },
        );

    if (isAppError(error)) {
      if (error.headers) reply.headers(error.headers);
      if (error.status >= 500) {
        const warning = envelope?.warning?.(error) ?? null;
        if (warning) request.log.warn(warning, error.message);
        else request.log.error({ err: error }, error.message);
      }
      return send(error.status, {
        error: error.message,
        code: error.code,
        ...(error.details === undefined ? {} : { details: error.details }),
      });
    }
    if (hasZodFastifySchemaValidationErrors(error) || error.validation) {
      const details = validationIssues(error as Parameters<typeof validationIssues>[0]);
      const fields = [...new Set(details.map((d) => d.field))].join(', ');
      return send(400, { error: `Invalid request: ${fields}`, code: ErrorCodes.validationFailed, details });
    }
    if (isResponseSerializationError(error)) {
      request.log.error({ err: error, issues: error.cause.issues }, 'response did not match its schema');
      return send(500, { error: 'Internal server error', code: ErrorCodes.internalError });
    }
    const known = frameworkError(error);
    if (known) return send(known.status, { error: known.message, code: known.code });

    request.log.error({ err: error }, 'unhandled error');
    return send(500, { error: 'Internal server error', code: ErrorCodes.internalError });
  };
}

/**
 * A route group's errors in its own envelope (integrations W12: the execute routes), with the platform's rules
 * for everything else: call it inside the group's encapsulated plugin, so only its routes are covered.
 */
export function setErrorEnvelope(scope: FastifyInstance, envelope: ErrorEnvelope): void {
  scope.setErrorHandler(createErrorHandler(envelope));
}

/** One error shape for the whole platform (DESIGN §5). Unknown errors become a 500 whose detail only reaches the log. */
export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler(createErrorHandler());

  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0];
    reply.code(404).send({
      error: `Route ${request.method} ${path} not found`,
      code: ErrorCodes.routeNotFound,
      requestId: request.id,
    });
  });
}
