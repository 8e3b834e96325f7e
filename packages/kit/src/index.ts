export { createService, type CreateServiceOptions, type ServiceApp } from './create-service.js';
export { runService, type RunServiceOptions, type RunningService } from './run-service.js';
export { exitWithParent, runMain } from './run-main.js';
export { runServiceMain, type ServiceMainSteps } from './run-service-main.js';
export * from './config/index.js';
export * from './errors/index.js';
export {
  registerErrorHandler,
  setErrorEnvelope,
  type ErrorBody,
  type ErrorEnvelope,
  type FieldIssue,
} from './errors/error-handler.js';
export { createLogger, type Logger, type CreateLoggerOptions } from './logging/logger.js';
export { createAccessLogWriter, type AccessLogEntry } from './logging/access-log.js';
export { redactDeep, isSensitiveKey, REDACTED } from './logging/redact.js';
export { propagationHeaders, requestIdFrom } from './http/request-context.js';
export { traceContextFrom, formatTraceparent, parseTraceparent, type TraceContext } from './http/trace-context.js';
export { createOriginPolicy, type CorsOptions } from './http/cors.js';
export { securityHeaders } from './http/security-headers.js';
export { createFixedWindowLimiter, type FixedWindowLimiter } from './http/fixed-window-limiter.js';
export type { ReadinessCheck, HealthState } from './health/health-routes.js';
export { renderLlmsTxt, renderLlmsFullTxt } from './docs/llms-txt.js';
export type { OpenApiDocument } from './docs/openapi-types.js';
export { createSchemaRegistry, keepReferencedSchemas, type SchemaRegistry } from './docs/schema-registry.js';
export { uuidv7, uuidv4, isUuid } from './ids.js';
export { pageQuerySchema, encodeCursor, decodeCursor, MAX_PAGE_SIZE, type Page, type PageQuery } from './pagination.js';
export type { ZodTypeProvider } from 'fastify-type-provider-zod';
export {
  createOutboundPolicy,
  isLinkLocalAddress,
  isPublicAddress,
  OutboundUrlBlockedError,
  type OutboundPolicy,
  type OutboundPolicyOptions,
} from './net/outbound-policy.js';
export { registerNetworkReceiveRoute, type NetworkEventReceiver } from './network/network-receive-route.js';
