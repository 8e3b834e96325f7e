import type { KeySource, ResolvedKey } from '../credentials/resolved-key.js';
import { IntegrationsErrorCodes as Codes } from '../errors.js';
import type { Transport } from '../net/http-transport.js';
import type { ProviderAdapter, UpstreamRequest } from '../providers/provider-adapter.js';
import type { ProviderRegistry } from '../providers/provider-registry.js';
import type { RateLimiter } from '../ratelimit/org-rate-limiter.js';
import type { GenAiMetrics } from '../usage/genai-metrics.js';
import type { Caller, PropagationHeaders } from './caller.js';
import type { BreakerPermit, CircuitBreaker } from './circuit-breaker.js';
import { GatewayError, invalidField } from './gateway-error.js';
import type { ExecuteRequest, OperationKind } from './normalized.js';

export interface ExecuteCall {
  caller: Caller;
  request: ExecuteRequest;
  keySource: KeySource;
  requestId: string;
  headers: PropagationHeaders;
  /** Aborted when the client disconnects; cancels the upstream request. */
  signal: AbortSignal;
}

export interface PreparedCall {
  adapter: ProviderAdapter;
  kind: OperationKind;
  model: string;
  key: ResolvedKey;
  circuit: string;
  permit: Extract<BreakerPermit, { allowed: true }>;
  upstream: UpstreamRequest;
  transport: Transport;
}

export interface PrepareDeps {
  registry: ProviderRegistry;
  limiter: RateLimiter;
  limits: { org: number; service: number };
  breaker: CircuitBreaker;
  metrics: GenAiMetrics;
  trustedTransport: Transport;
  guardedTransport: Transport;
}

function rateScope(caller: Caller): { scope: string; kind: 'org' | 'service' | 'user' } {
  if (caller.orgId) return { scope: `org:${caller.orgId}`, kind: 'org' };
  return caller.type === 'service'
    ? { scope: `service:${caller.id}`, kind: 'service' }
    : { scope: `user:${caller.id}`, kind: 'user' };
}

async function takeRateSlot(deps: PrepareDeps, caller: Caller): Promise<void> {
  const { scope, kind } = rateScope(caller);
  const limit = kind === 'service' ? deps.limits.service : deps.limits.org;
  let decision;
  try {
    decision = await deps.limiter.take(scope, limit);
  } catch (cause) {
    throw new GatewayError(
      503,
      Codes.rateLimiterUnavailable,
      'The rate limiter is unavailable (database unreachable)',
      { category: 'internal', retryable: true, cause },
    );
  }
  if (decision.allowed) return;
  deps.metrics.rateLimited(kind);
  const who = kind === 'org' ? 'this organization' : kind === 'service' ? 'this service' : 'this user';
  throw new GatewayError(
    429,
    Codes.orgRateLimited,
    `Rate limit reached for ${who}: ${limit} LLM calls per window; retry in ${decision.retryAfterSeconds}s`,
    {
      category: 'rate_limit',
      retryable: true,
      headers: { 'retry-after': String(decision.retryAfterSeconds) },
    },
  );
}

function baseUrlFor(
  deps: PrepareDeps,
  adapter: ProviderAdapter,
  key: ResolvedKey,
): { baseUrl: string; transport: Transport } {
  if (key.baseUrl === null) return { baseUrl: deps.registry.baseUrlOf(adapter.id), transport: deps.trustedTransport };
  let url: URL;
  try {
    url = new URL(key.baseUrl);
  } catch {
    throw invalidField('credential.metadata.baseUrl', 'is not a valid URL', Codes.outboundUrlNotAllowed);
  }
  // Caller-influenced: the guarded transport checks scheme and address before and while connecting.
  return { baseUrl: url.toString().replace(/\/+$/, ''), transport: deps.guardedTransport };
}

/**
 * Everything that can refuse a call before it leaves (spec §8 steps 2–6 and W8), cheapest first: operation
 * support and params (400, no side effects), the org's rate slot, the key, then the circuit.
 */
export async function prepareCall(deps: PrepareDeps, call: ExecuteCall): Promise<PreparedCall> {
  const { request, caller } = call;
  const adapter = deps.registry.get(request.provider);
  // Own properties only: the operation name comes from the caller.
  const kind = Object.hasOwn(adapter.operations, request.operation) ? adapter.operations[request.operation] : undefined;
  if (!kind) {
    throw new GatewayError(
      400,
      Codes.unsupportedOperation,
      `Provider ${adapter.id} does not support operation: ${request.operation}`,
      {
        category: 'validation',
        retryable: false,
        provider: adapter.id,
        details: [{ field: 'body.operation', message: `not supported by ${adapter.id}` }],
      },
    );
  }
  if (request.stream && kind === 'embeddings') throw invalidField('body.stream', 'is not available for embeddings');
  adapter.validate(kind, request.params);
  const model =
    request.params.model?.trim() || (kind === 'embeddings' ? adapter.defaultEmbeddingModel : adapter.defaultModel);
  if (!model) throw invalidField('body.params.model', `is required for ${adapter.id}`);

  await takeRateSlot(deps, caller);
  const key = await call.keySource.resolve({
    provider: adapter,
    caller,
    credentialId: request.credentialId,
    headers: call.headers,
  });
  const { baseUrl, transport } = baseUrlFor(deps, adapter, key);
  const built = adapter.buildRequest({
    kind,
    params: request.params,
    model,
    stream: request.stream === true,
    apiKey: key.apiKey,
    baseUrl,
  });
  // DESIGN §5: the request id and traceparent travel on every outgoing call (the adapter's headers win).
  const upstream = { ...built, headers: { ...call.headers, ...built.headers } };

  const circuit = `${adapter.id}:${key.circuitKey}`;
  const permit = deps.breaker.acquire(circuit);
  if (!permit.allowed) {
    const seconds = Math.max(1, Math.ceil(permit.retryAfterMs / 1000));
    throw new GatewayError(
      503,
      Codes.circuitOpen,
      `Circuit open for ${adapter.id}: too many recent upstream failures with this key. Retry after ${seconds}s`,
      {
        category: 'provider',
        retryable: true,
        provider: adapter.id,
        headers: { 'retry-after': String(seconds) },
      },
    );
  }
  return { adapter, kind, model, key, circuit, permit, upstream, transport };
}
