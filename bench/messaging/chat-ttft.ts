import { percentile } from '../support/stats.js';

export interface TtftResult {
  runs: number;
  directP50: number;
  directP99: number;
  viaMessagingP50: number;
  viaMessagingP99: number;
  /** Answers without a content frame (an error frame or a refused request), left out of the percentiles. */
  errors: number;
}

/** Time from sending the request to the first `content` frame of an SSE answer; NaN when none came. */
async function timeToFirstToken(url: string, init: RequestInit): Promise<number> {
  const start = performance.now();
  const res = await fetch(url, init);
  if (!res.ok || !res.body) {
    await res.body?.cancel();
    return Number.NaN;
  }
  const decoder = new TextDecoder();
  let buffer = '';
  let first = Number.NaN;
  for await (const chunk of res.body) {
    buffer += decoder.decode(chunk, { stream: true });
    if (Number.isNaN(first) && /data: \{"(type":"content","content|content)"/.test(buffer))
      first = performance.now() - start;
  }
  return first;
}

/**
 * The website chat's time to first token through messaging (catalog prompt lookup cached, service token
 * cached, SSE re-framing) versus calling integrations' internal execute directly with the same request.
 */
export async function runChatTtft(options: {
  messagingUrl: string;
  integrationsUrl: string;
  serviceToken: string;
  runs: number;
}): Promise<TtftResult> {
  const direct = () =>
    timeToFirstToken(`${options.integrationsUrl}/api/internal/execute`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${options.serviceToken}` },
      body: JSON.stringify({
        provider: 'huggingface',
        operation: 'chat.completions',
        stream: true,
        params: {
          model: 'meta-llama/Llama-3.2-3B-Instruct',
          temperature: 0.7,
          maxTokens: 512,
          messages: [
            { role: 'system', content: 'You are coordinator, a helpful assistant on the Symbia platform.' },
            { role: 'user', content: 'hello' },
          ],
        },
      }),
    });
  const viaMessaging = () =>
    timeToFirstToken(`${options.messagingUrl}/api/send`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ content: 'hello', assistant: 'coordinator' }),
    });
  for (let i = 0; i < 10; i += 1) await Promise.all([direct(), viaMessaging()]);
  const d: number[] = [];
  const m: number[] = [];
  for (let i = 0; i < options.runs; i += 1) {
    d.push(await direct());
    m.push(await viaMessaging());
  }
  const ok = (xs: number[]) => xs.filter((x) => !Number.isNaN(x));
  const errors = d.length + m.length - ok(d).length - ok(m).length;
  return {
    runs: options.runs,
    errors,
    directP50: percentile(ok(d), 50),
    directP99: percentile(ok(d), 99),
    viaMessagingP50: percentile(ok(m), 50),
    viaMessagingP99: percentile(ok(m), 99),
  };
}
