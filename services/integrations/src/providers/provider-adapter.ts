import type { SseEvent } from '../sse/sse-parser.js';
import type {
  LlmParams,
  NormalizedResponse,
  OperationKind,
  OperationName,
  ProviderId,
  StreamDelta,
} from '../gateway/normalized.js';
import type { ModelInfo } from './model-catalog.js';

/** What an adapter asks the transport to send. `body` is already the provider's own field names. */
export interface UpstreamRequest {
  url: string;
  headers: Record<string, string>;
  body: Record<string, unknown>;
}

export interface BuildRequestInput {
  kind: OperationKind;
  params: LlmParams;
  /** Already defaulted: never empty. */
  model: string;
  stream: boolean;
  /** Null only for providers that need no key (symbia-labs). */
  apiKey: string | null;
  /** Without a trailing slash. */
  baseUrl: string;
}

/**
 * Turns one answer's SSE events into normalized deltas, synchronously, one event at a time. Throws an
 * UpstreamProtocolError on a malformed chunk or an error event.
 */
export interface StreamDecoder {
  /** Appends the deltas `event` produced to `out`. Events after the provider's end marker are ignored. */
  push(event: SseEvent, out: StreamDelta[]): void;
  /** The provider's end marker arrived (`[DONE]`, `message_stop`): nothing more to read. */
  readonly finished: boolean;
  /** The upstream body ended: throws when that was before the answer was complete. */
  end(): void;
}

/** A provider's error body, reduced to what the classifier and the caller need. */
export interface UpstreamErrorInfo {
  message: string;
  code?: string;
}

/**
 * One provider (spec §6.1). Adapters are pure translators: they build requests, normalize responses and decode
 * stream events; transport, retries, timeouts and the breaker live in the gateway.
 */
export interface ProviderAdapter {
  readonly id: ProviderId;
  readonly displayName: string;
  readonly defaultModel: string;
  readonly defaultEmbeddingModel: string | null;
  /** Wire operation names this provider accepts and what each does. */
  readonly operations: Readonly<Partial<Record<OperationName, OperationKind>>>;
  /** Whether calls need an API key (vault or platform env). */
  readonly needsCredential: boolean;
  /** Provider-specific checks beyond the shared ones; throws a 400 naming the field. */
  validate(kind: OperationKind, params: LlmParams): void;
  buildRequest(input: BuildRequestInput): UpstreamRequest;
  /** Normalizes a complete (non-streamed) 2xx body; throws on a body that is not the provider's format. */
  parseResponse(kind: OperationKind, body: unknown, requestedModel: string): NormalizedResponse;
  /** A fresh decoder for one streamed answer. */
  createStreamDecoder(): StreamDecoder;
  parseError(body: unknown): UpstreamErrorInfo | null;
  /** Static model list (spec §6.4–6.6); the local provider asks the models service instead. */
  readonly models: readonly ModelInfo[];
}
