import type { ChatSettings } from '../config.js';
import { buildAssistantPrompt } from './assistant-prompt.js';
import { createCatalogAssistantsCache } from './catalog-assistants-cache.js';
import type { ChatSink } from './chat-frames.js';
import { createChatAdmission } from './chat-limits.js';
import type { WindowCounter } from './window-counter.js';
import { streamChatCompletion } from './integrations-stream.js';

export interface ChatRequest {
  content: string;
  assistant: string;
  /** Forwarded to integrations (request id, traceparent, X-Trace-Id). */
  propagation: Record<string, string>;
}

export interface ChatService {
  /** Before any byte is written: 503 when off, 429 over budget (W1). */
  admit(clientKey: string): Promise<void>;
  /** Writes the whole SSE answer into `sink`; never throws (failures become an error frame). */
  stream(request: ChatRequest, sink: ChatSink): Promise<void>;
}

export interface ChatLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface ChatServiceDeps {
  settings: Readonly<ChatSettings>;
  catalogUrl: string;
  integrationsUrl: string;
  /** Null without INTERNAL_SERVICE_SECRET: the chat then explains it cannot reach the gateway. */
  serviceToken: { getToken(): Promise<string>; invalidate(): void } | null;
  logger: ChatLogger;
  /** Shared chat counters (Redis) when the deployment has them; in-process otherwise. */
  counter?: WindowCounter;
  fetch?: typeof fetch;
}

const describe = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * messaging.md §10 with DESIGN §7 streaming: catalog prompt (bounded) → SSE headers → integrations stream →
 * one `{content}` frame per token → `{done:true}`. The client leaving aborts the upstream call.
 */
export function createChatService(deps: ChatServiceDeps): ChatService {
  const { settings, logger } = deps;
  const admission = createChatAdmission({ ...settings, counter: deps.counter });
  const catalog = createCatalogAssistantsCache({
    catalogUrl: deps.catalogUrl,
    timeoutMs: settings.catalogTimeoutMs,
    fetch: deps.fetch,
  });

  return {
    admit: (clientKey) => admission.admit(clientKey),

    async stream(request, sink) {
      const started = Date.now();
      const prompt = buildAssistantPrompt(request.assistant, await catalog.list(sink.signal));
      // The client left during the lookup: nothing was sent, nothing more to do.
      if (sink.signal.aborted) return sink.end();
      sink.open({
        'x-symbia-reply-source': prompt.fallback ? 'llm-fallback' : 'llm',
        'x-symbia-prompt-source': prompt.source,
      });
      if (!deps.serviceToken) {
        sink.send({
          error: 'Chat failed',
          details: 'This messaging instance has no INTERNAL_SERVICE_SECRET, so it cannot call the integrations service',
        });
        return sink.end();
      }
      // One signal for both "client left" and "the model took too long". A plain controller rather than
      // AbortSignal.any, whose combined signal Node 20 may collect while the fetch still depends on it.
      const upstream = new AbortController();
      const signal = upstream.signal;
      const onClientGone = () => upstream.abort(sink.signal.reason);
      sink.signal.addEventListener('abort', onClientGone, { once: true });
      const timer = setTimeout(() => upstream.abort(new Error('timeout')), settings.upstreamTimeoutMs);
      let outcome = 'done';
      let frames = 0;
      try {
        const events = streamChatCompletion(
          { integrationsUrl: deps.integrationsUrl, serviceToken: deps.serviceToken, fetch: deps.fetch },
          {
            provider: settings.provider,
            model: settings.model,
            temperature: settings.temperature,
            maxTokens: settings.maxTokens,
            messages: [
              { role: 'system', content: prompt.systemPrompt },
              { role: 'user', content: request.content },
            ],
          },
          { signal, headers: request.propagation },
        );
        for await (const event of events) {
          if (event.kind === 'content') {
            frames += 1;
            sink.send({ content: event.text });
          } else if (event.kind === 'done') {
            sink.send({ done: true });
          } else {
            outcome = 'error';
            sink.send({ error: event.error, details: event.details });
          }
        }
      } catch (error) {
        if (sink.signal.aborted) {
          outcome = 'client_left';
        } else {
          outcome = 'error';
          const timedOut = signal.aborted;
          sink.send({
            error: 'Chat failed',
            details: timedOut
              ? `The model did not finish within ${Math.round(settings.upstreamTimeoutMs / 1000)} s`
              : describe(error),
          });
        }
      } finally {
        clearTimeout(timer);
        sink.signal.removeEventListener('abort', onClientGone);
        sink.end();
        logger.info(
          { assistant: request.assistant, outcome, frames, ms: Date.now() - started, promptSource: prompt.source },
          'chat stream finished',
        );
      }
    },
  };
}
