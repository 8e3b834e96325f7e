import Fastify, { type FastifyBaseLogger, type FastifyInstance, type RawServerDefault } from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DestinationStream } from 'pino';
import type { Registry } from 'prom-client';
import swagger from '@fastify/swagger';
import { jsonSchemaTransform, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { responseSerializerCompiler } from './http/response-serializer.js';
import type { BaseServiceConfig } from './config/load-service-config.js';
import { registerErrorHandler } from './errors/error-handler.js';
import { createCorsHandlers, isPreflight } from './http/cors.js';
import { createConstantHeaderResponses } from './http/constant-headers.js';
import { createRequestContext, knownTraceIdOf, requestIdFrom } from './http/request-context.js';
import { securityHeaders } from './http/security-headers.js';
import { registerRateLimit } from './http/rate-limit.js';
import { publicDocsPrefixes, registerDocsRoutes } from './docs/docs-routes.js';
import type { OpenApiDocument } from './docs/openapi-types.js';
import { namedSchemaTransforms, type SchemaRegistry } from './docs/schema-registry.js';
import { registerHealthRoutes, type HealthState, type ReadinessCheck } from './health/health-routes.js';
import { createMetricsRegistry, createRequestMetricsObserver } from './metrics/request-metrics.js';
import { registerMetricsRoute } from './metrics/metrics-route.js';
import { createLogger, type Logger } from './logging/logger.js';
import { createAccessLogWriter, pathOf, type AccessLogEntry } from './logging/access-log.js';
import { makeChildrenLazy } from './logging/lazy-child-logger.js';
import { registerBootstrapRoute } from './bootstrap-route.js';
import { RequestLifecycle, type ResponseObserver } from './http/request-lifecycle.js';
import { answerClientError } from './http/client-error.js';
import { refuseInvalidUrlText, registerTextGuardedParsers } from './http/text-guard.js';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

declare module 'fastify' {
  interface FastifyInstance {
    health: HealthState;
    metricsRegistry: Registry;
    /** Adds a dependency check to `/health/ready` (database, migrations, a hard peer). */
    addReadinessCheck(name: string, check: ReadinessCheck): void;
  }
}

export interface CreateServiceOptions {
  config: BaseServiceConfig;
  description: string;
  /** Shown as the OpenAPI title; defaults to "Symbia <serviceId>". */
  title?: string;
  endpoints?: Record<string, string>;
  authentication?: string[];
  bootstrapExtra?: Record<string, unknown>;
  readinessChecks?: Record<string, ReadinessCheck>;
  /** A ready logger, or where to write logs (tests capture them). Defaults to stdout. */
  logger?: Logger;
  logDestination?: DestinationStream;
  /** One structured line per completed request (default true). */
  logRequests?: boolean;
  /**
   * Headers every response carries besides the kit's security headers, or in place of one of them (lower-case
   * names): for a service whose contract names its own set.
   */
  responseHeaders?: Readonly<Record<string, string>>;
  /** The service's named schemas (`components.schemas`), from createSchemaRegistry (docs/schema-registry.ts). */
  schemaRegistry?: SchemaRegistry;
}

const probePaths = ['/health', '/health/live', '/health/ready', '/metrics'];

/**
 * Builds a Fastify app with every platform convention of DESIGN §5 in place. It never listens: `runService`
 * does that, and tests use `app.inject()` on the same instance.
 */
export async function createService(options: CreateServiceOptions): Promise<ServiceApp> {
  const { config } = options;
  const logger =
    options.logger ??
    createLogger({ serviceId: config.serviceId, level: config.logLevel, destination: options.logDestination });

  // The request context is set at the start of each request; metrics and the one `request completed` line per
  // request (replacing Fastify's two) observe finished responses.
  const lifecycle = new RequestLifecycle({ skipRoutes: probePaths });
  const responseHeaders = { ...securityHeaders({ production: config.isProduction }), ...options.responseHeaders };
  const constantHeaders = createConstantHeaderResponses(responseHeaders, { perResponseHeader: 'x-request-id' });
  const base = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    logController: lifecycle,
    http: constantHeaders.ServerResponse ? { ServerResponse: constantHeaders.ServerResponse } : null,
    genReqId: (req) => requestIdFrom(req.headers),
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
    routerOptions: { ignoreTrailingSlash: true },
  });
  makeChildrenLazy(base.log as unknown as Logger);
  // Helpers take the plain instance type; the returned app carries the zod type provider for route typing.
  const app = base.withTypeProvider<ZodTypeProvider>();

  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(responseSerializerCompiler);

  const health: HealthState = { accepting: false };
  const readinessChecks: Record<string, ReadinessCheck> = { ...options.readinessChecks };
  const metricsRegistry = createMetricsRegistry(config.serviceId);
  app.decorate('health', health);
  app.decorate('metricsRegistry', metricsRegistry);
  app.decorate('addReadinessCheck', (name: string, check: ReadinessCheck) => {
    readinessChecks[name] = check;
  });

  const cors = createCorsHandlers({
    allowedOrigins: config.corsAllowedOrigins,
    production: config.isProduction,
    publicPathPrefixes: publicDocsPrefixes,
  });
  const requestContext = createRequestContext(base, {
    responseHeaders,
    constantHeaders,
    // While draining, responses say `Connection: close` so keep-alive clients move to another instance.
    isDraining: () => !health.accepting,
    cors: cors.decorate,
  });
  // A NUL in a path parameter or query value is answered 400 here, before any hook or handler (text-guard.ts).
  lifecycle.setRequestStart((request, reply) => {
    requestContext(request, reply);
    refuseInvalidUrlText(request, reply);
  });
  registerErrorHandler(base);
  registerTextGuardedParsers(base);
  if (config.rateLimit)
    registerRateLimit(base, { ...config.rateLimit, exemptPrefixes: [...probePaths, ...publicDocsPrefixes] });
  lifecycle.add(createRequestMetricsObserver(metricsRegistry));
  if (options.logRequests ?? true)
    lifecycle.add(createRequestLogObserver(createAccessLogWriter(logger, config.serviceId)));
  // Preflights to any path; anything else sent with OPTIONS is a 404 as before.
  app.options('*', { schema: { hide: true } }, (request, reply) => {
    if (isPreflight(request)) cors.answerPreflight(request, reply);
    else reply.callNotFound();
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: options.title ?? `Symbia ${config.serviceId}`,
        version: config.version,
        description: options.description,
      },
      components: {
        securitySchemes: {
          bearerAuth: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKey: { type: 'apiKey', in: 'header', name: 'X-API-Key' },
        },
      },
    },
    ...(options.schemaRegistry ? namedSchemaTransforms(options.schemaRegistry) : { transform: jsonSchemaTransform }),
  });

  registerHealthRoutes(base, { state: health, readinessChecks });
  registerMetricsRoute(base, metricsRegistry);
  registerDocsRoutes(base, () => app.swagger() as unknown as OpenApiDocument);
  registerBootstrapRoute(base, {
    service: config.serviceId,
    version: config.version,
    description: options.description,
    endpoints: options.endpoints ?? {},
    authentication: options.authentication ?? [],
    ...options.bootstrapExtra,
  });
  app.addHook('onReady', (done) => {
    health.accepting = true;
    done();
  });
  return app;
}

function createRequestLogObserver(write: (entry: AccessLogEntry) => void): ResponseObserver {
  return (request, reply, _route, elapsedMs) =>
    write({
      time: Date.now(),
      requestId: request.id,
      // Only when the request belongs to a trace that reaches beyond it (the request id identifies it otherwise).
      traceId: knownTraceIdOf(request),
      method: request.method,
      path: pathOf(request.url),
      status: reply.statusCode,
      ms: elapsedMs,
    });
}
