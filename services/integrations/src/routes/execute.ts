import { EXECUTE_SCOPE, requireAuth, requireService } from '@symbia/auth';
import { propagationHeaders, type ServiceApp, type ZodTypeProvider } from '@symbia/kit';
import type { KeySource } from '../credentials/resolved-key.js';
import type { GatewayService } from '../gateway/gateway.service.js';
import { registerExecuteErrorEnvelope } from './execute-errors.js';
import { executeBody, executeResponse, internalExecuteResponse, orgHeaders } from './execute.schemas.js';
import { clientAbortSignal, serviceCallerOf, userCallerOf } from './http-context.js';
import { sendEventStream } from './sse-reply.js';

/** Services that may spend the platform keys (spec §9). */
export const INTERNAL_EXECUTE_SERVICES = ['messaging', 'assistants', 'runtime', 'catalog'] as const;

const STREAM_NOTE =
  'With `stream: true` the answer is `text/event-stream` of normalized frames (see the service README, "SSE frames").';

export interface ExecuteRouteDeps {
  gateway: GatewayService;
  vaultKeys: KeySource;
  platformKeys: KeySource;
  bodyLimit: number;
}

/** Spec §8 and §9: the two execute doors into one gateway. Encapsulated so the error envelope covers only them. */
export async function registerExecuteRoutes(app: ServiceApp, deps: ExecuteRouteDeps): Promise<void> {
  const { gateway } = deps;
  await app.register(async (plain) => {
    registerExecuteErrorEnvelope(plain);
    const scope = plain.withTypeProvider<ZodTypeProvider>();

    scope.post(
      '/api/integrations/execute',
      {
        bodyLimit: deps.bodyLimit,
        schema: {
          tags: ['execute'],
          summary: "Run an LLM operation with the caller's vault key",
          description: STREAM_NOTE,
          headers: orgHeaders,
          body: executeBody,
          response: { 200: executeResponse },
        },
        // DESIGN §6: spending the org's stored provider keys is its own API-key scope, outside `integrations:write`.
        config: { apiKeyScope: EXECUTE_SCOPE },
        // onRequest: an anonymous caller is refused before a (possibly 10 MiB) body is read or parsed.
        onRequest: requireAuth,
      },
      async (request, reply) => {
        const call = {
          caller: userCallerOf(request),
          request: request.body,
          keySource: deps.vaultKeys,
          requestId: request.id,
          headers: propagationHeaders(request),
          signal: clientAbortSignal(reply),
        };
        if (request.body.stream) return sendEventStream(reply, await gateway.stream(call));
        const { data, durationMs } = await gateway.execute(call);
        return { success: true as const, data, requestId: request.id, durationMs };
      },
    );

    scope.post(
      '/api/internal/execute',
      {
        bodyLimit: deps.bodyLimit,
        schema: {
          tags: ['internal'],
          summary: 'Run an LLM operation with the platform keys (service principals only)',
          description: STREAM_NOTE,
          headers: orgHeaders,
          body: executeBody,
          response: { 200: internalExecuteResponse },
        },
        onRequest: requireService(...INTERNAL_EXECUTE_SERVICES),
      },
      async (request, reply) => {
        const call = {
          caller: serviceCallerOf(request),
          request: request.body,
          keySource: deps.platformKeys,
          requestId: request.id,
          headers: propagationHeaders(request),
          signal: clientAbortSignal(reply),
        };
        if (request.body.stream) return sendEventStream(reply, await gateway.stream(call));
        const { data, durationMs } = await gateway.execute(call);
        return { ...data, requestId: request.id, durationMs };
      },
    );
  });
}
