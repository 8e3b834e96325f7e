import { IntegrationsErrorCodes as Codes } from '../errors.js';
import type { KeySourceKind } from '../credentials/resolved-key.js';
import { platformKeyVariables } from '../credentials/platform-keys.js';
import type { UpstreamErrorInfo } from '../providers/provider-adapter.js';
import { UpstreamProtocolError } from '../providers/upstream-protocol-error.js';
import { OutboundUrlBlockedError } from '@symbia/kit';
import { GatewayError } from './gateway-error.js';
import type { ProviderId } from './normalized.js';
import { UpstreamNetworkError, UpstreamTimeoutError } from './upstream-call.js';

export interface ClassifyContext {
  provider: ProviderId;
  keySource: KeySourceKind;
  /** Replaced wherever an upstream echoes it back, so a key never reaches a caller or a log. */
  apiKey: string | null;
  /** Seconds from the upstream's Retry-After, passed on with a 429. */
  retryAfterSeconds?: number | null;
}

const CONTENT_POLICY = /content[_ ]?(filter|policy|management)|safety|harmful/i;
const QUOTA = /insufficient_quota|quota|billing|credit balance/i;

/** Upstream text is shortened and scrubbed of the key before it goes anywhere. */
export function scrubUpstreamMessage(message: string, apiKey: string | null): string {
  let text = message.slice(0, 500);
  if (apiKey && apiKey.length >= 4) text = text.split(apiKey).join('[redacted]');
  return text.replace(/\b(sk|hf|sk-ant)[-_][A-Za-z0-9_-]{8,}/g, '[redacted]').trim();
}

function keyRejected(ctx: ClassifyContext, upstream: { status: number; code?: string }): GatewayError {
  const p = ctx.provider;
  if (ctx.keySource === 'platform') {
    const variable = platformKeyVariables[p as keyof typeof platformKeyVariables];
    return new GatewayError(
      502,
      Codes.providerKeyRejected,
      `${p} rejected the platform API key; check ${variable} in the integrations service environment.`,
      {
        category: 'auth',
        retryable: false,
        provider: p,
        upstream,
      },
    );
  }
  if (ctx.keySource === 'none') {
    return new GatewayError(
      502,
      Codes.providerKeyRejected,
      `${p} refused integrations' service authentication; check MODELS_SERVICE_SECRET on both services.`,
      {
        category: 'auth',
        retryable: false,
        provider: p,
        upstream,
      },
    );
  }
  return new GatewayError(
    401,
    Codes.providerKeyRejected,
    `${p} rejected the API key. Check your credentials in Settings.`,
    { category: 'auth', retryable: false, provider: p, upstream },
  );
}

/** A non-2xx upstream answer → the caller's error (spec §8 table; W11: by status first, then by text). */
export function classifyUpstreamStatus(
  status: number,
  info: UpstreamErrorInfo | null,
  ctx: ClassifyContext,
): GatewayError {
  const p = ctx.provider;
  const detail = info ? scrubUpstreamMessage(info.message, ctx.apiKey) : `HTTP ${status}`;
  const upstream = { status, ...(info?.code !== undefined && { code: info.code }) };
  const text = `${info?.code ?? ''} ${info?.message ?? ''}`;
  const base = { provider: p, upstream };
  if (status === 401 || status === 403) return keyRejected(ctx, upstream);
  if (status === 402 || (status === 429 && QUOTA.test(text))) {
    return new GatewayError(402, Codes.providerQuota, `${p} quota exhausted: ${detail}`, {
      ...base,
      category: 'quota',
      retryable: false,
    });
  }
  if (status === 429) {
    const after = ctx.retryAfterSeconds;
    return new GatewayError(429, Codes.providerRateLimited, `${p} is rate limiting this key: ${detail}`, {
      ...base,
      category: 'rate_limit',
      retryable: true,
      ...(after != null && { headers: { 'retry-after': String(Math.max(1, Math.ceil(after))) } }),
    });
  }
  if (status === 404)
    return new GatewayError(
      404,
      Codes.providerModelNotFound,
      `${p} answered 404 (unknown model or endpoint): ${detail}`,
      { ...base, category: 'not_found', retryable: false },
    );
  if (status >= 400 && status < 500 && CONTENT_POLICY.test(text)) {
    return new GatewayError(422, Codes.providerContentFilter, `${p} refused the content: ${detail}`, {
      ...base,
      category: 'content_filter',
      retryable: false,
    });
  }
  if (status === 413)
    return new GatewayError(413, Codes.providerRejectedRequest, `${p} says the request is too large: ${detail}`, {
      ...base,
      category: 'validation',
      retryable: false,
    });
  if (status >= 400 && status < 500 && status !== 408) {
    return new GatewayError(400, Codes.providerRejectedRequest, `${p} rejected the request: ${detail}`, {
      ...base,
      category: 'validation',
      retryable: false,
    });
  }
  if (p === 'symbia-labs' && status === 503) {
    return new GatewayError(
      503,
      Codes.providerUnavailable,
      `symbia-labs (the local models service) is busy: ${detail}`,
      { ...base, category: 'provider', retryable: true, countsAsUpstreamFailure: true },
    );
  }
  return new GatewayError(502, Codes.providerError, `${p} error: ${detail}`, {
    ...base,
    category: 'provider',
    retryable: true,
    countsAsUpstreamFailure: true,
  });
}

/** A thrown failure (timeout, connection, broken stream, blocked URL) → the caller's error. */
export function classifyUpstreamFailure(
  error: unknown,
  ctx: ClassifyContext & { timeoutMs: number; modelsUrl: string },
): GatewayError {
  const p = ctx.provider;
  if (error instanceof GatewayError) return error;
  if (error instanceof OutboundUrlBlockedError) {
    return new GatewayError(400, Codes.outboundUrlNotAllowed, error.message, {
      category: 'validation',
      retryable: false,
      provider: p,
    });
  }
  if (error instanceof UpstreamTimeoutError) {
    return new GatewayError(
      504,
      Codes.providerTimeout,
      `Request to ${p} timed out (no data for ${ctx.timeoutMs} ms; LLM_REQUEST_TIMEOUT_MS)`,
      {
        category: 'timeout',
        retryable: true,
        provider: p,
        countsAsUpstreamFailure: true,
      },
    );
  }
  if (error instanceof UpstreamNetworkError) {
    if (p === 'symbia-labs') {
      return new GatewayError(
        503,
        Codes.providerUnavailable,
        `symbia-labs is not available: the local models service at ${ctx.modelsUrl} is not running or not reachable (MODELS_SERVICE_URL)`,
        {
          category: 'network',
          retryable: true,
          provider: p,
          countsAsUpstreamFailure: true,
        },
      );
    }
    return new GatewayError(
      502,
      Codes.providerNetwork,
      `Network error connecting to ${p}${error.code ? ` (${error.code})` : ''}`,
      {
        category: 'network',
        retryable: true,
        provider: p,
        countsAsUpstreamFailure: true,
      },
    );
  }
  if (error instanceof UpstreamProtocolError) {
    const what =
      error.kind === 'error_event'
        ? `${p} reported an error mid-stream: ${scrubUpstreamMessage(error.message, ctx.apiKey)}`
        : `${p} sent a ${error.message}`;
    return new GatewayError(502, error.kind === 'error_event' ? Codes.providerError : Codes.malformedUpstream, what, {
      category: 'provider',
      retryable: true,
      provider: p,
      countsAsUpstreamFailure: true,
      ...(error.upstreamCode !== undefined && { upstream: { code: error.upstreamCode } }),
    });
  }
  if (error instanceof Error && error.name === 'SseEventTooLargeError') {
    return new GatewayError(502, Codes.malformedUpstream, `${p} sent an oversized stream event`, {
      category: 'provider',
      retryable: true,
      provider: p,
      countsAsUpstreamFailure: true,
    });
  }
  return new GatewayError(502, Codes.providerNetwork, `Network error talking to ${p}`, {
    category: 'network',
    retryable: true,
    provider: p,
    countsAsUpstreamFailure: true,
  });
}
