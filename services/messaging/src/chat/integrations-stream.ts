import { fetchAsService, type ServiceTokenSource } from '@symbia/auth';
import { readSseData } from '@symbia/client/sse';

/** What the chat needs from the LLM gateway, provider-neutral. */
export type UpstreamEvent =
  { kind: 'content'; text: string } | { kind: 'done' } | { kind: 'error'; error: string; details: string };

export interface ChatCompletionRequest {
  provider: string;
  model: string;
  messages: { role: 'system' | 'user'; content: string }[];
  temperature: number;
  maxTokens: number;
}

export interface IntegrationsClientDeps {
  integrationsUrl: string;
  serviceToken: ServiceTokenSource;
  fetch?: typeof fetch;
}

const MAX_ERROR_BODY_CHARS = 4_000;
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The gateway's "no platform key" answer, so the browser can say exactly that (issue: one clear error frame). */
function isKeyMissing(body: Record<string, unknown>): boolean {
  return (
    body.code === 'provider_key_missing' ||
    (typeof body.error === 'string' && /no api key configured/i.test(body.error))
  );
}

export function keyMissingEvent(provider: string): UpstreamEvent {
  return {
    kind: 'error',
    error: 'The chat model is not configured',
    details: `No API key is configured for the ${provider} provider on the integrations service (set ${provider.toUpperCase().replace(/[^A-Z0-9]/g, '_')}_API_KEY).`,
  };
}

function errorEvent(provider: string, body: unknown, fallback: string): UpstreamEvent {
  if (isRecord(body) && isKeyMissing(body)) return keyMissingEvent(provider);
  const message = isRecord(body) && typeof body.error === 'string' ? body.error : fallback;
  return { kind: 'error', error: 'LLM request failed', details: message };
}

/** One frame of the gateway's normalized stream: `{type:'content'|'done'|'error', …}`. */
function eventOf(provider: string, frame: unknown): UpstreamEvent | null {
  if (!isRecord(frame)) return null;
  if ((frame.type === 'content' || frame.type === undefined) && typeof frame.content === 'string')
    return frame.content === '' ? null : { kind: 'content', text: frame.content };
  if (frame.type === 'done' || frame.done === true) return { kind: 'done' };
  if (frame.type === 'error' || typeof frame.error === 'string')
    return errorEvent(provider, frame, 'The model failed while answering');
  return null;
}

async function readBounded(res: Response): Promise<unknown> {
  const text = (await res.text()).slice(0, MAX_ERROR_BODY_CHARS);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return { error: text || `HTTP ${res.status}` };
  }
}

/**
 * `POST <integrations>/api/internal/execute` with `stream: true`, as this service (a service JWT from identity,
 * DESIGN §6), yielding the answer token by token as the gateway re-emits it (DESIGN §7). A gateway that
 * answers with one JSON document instead is accepted too. Aborting `signal` cancels the upstream call.
 */
export async function* streamChatCompletion(
  deps: IntegrationsClientDeps,
  request: ChatCompletionRequest,
  context: { signal: AbortSignal; headers: Record<string, string> },
): AsyncGenerator<UpstreamEvent> {
  const fetchImpl = deps.fetch ?? globalThis.fetch;
  const body = JSON.stringify({
    provider: request.provider,
    operation: 'chat.completions',
    stream: true,
    params: {
      model: request.model,
      messages: request.messages,
      temperature: request.temperature,
      maxTokens: request.maxTokens,
    },
  });
  // A refused service token (identity restarted, key rotated) is retried once with a fresh one.
  const res = await fetchAsService(
    deps.serviceToken,
    `${deps.integrationsUrl}/api/internal/execute`,
    {
      method: 'POST',
      headers: {
        ...context.headers,
        'content-type': 'application/json',
        accept: 'text/event-stream, application/json',
        'x-service-id': 'messaging',
      },
      body,
      signal: context.signal,
    },
    fetchImpl,
  );
  if (!res.ok) {
    yield errorEvent(request.provider, await readBounded(res), `HTTP ${res.status}`);
    return;
  }
  if (!(res.headers.get('content-type') ?? '').includes('text/event-stream') || !res.body) {
    const json = await readBounded(res);
    const content = isRecord(json) && typeof json.content === 'string' ? json.content : '';
    if (content !== '') yield { kind: 'content', text: content };
    yield { kind: 'done' };
    return;
  }
  for await (const data of readSseData(res.body)) {
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      continue;
    }
    const event = eventOf(request.provider, frame);
    if (!event) continue;
    yield event;
    if (event.kind !== 'content') return;
  }
  yield { kind: 'error', error: 'Chat failed', details: 'The model stream ended before the answer was complete' };
}
