/** One chat frame from `POST /api/messaging/send` (DESIGN §7). */
export type ChatFrame =
  | { readonly kind: 'content'; readonly text: string }
  | { readonly kind: 'error'; readonly error: string; readonly details?: string }
  | { readonly kind: 'done' };

/**
 * website-and-cli.md A6 step 4 (W-6): bytes in, frames out. A chunk may end in the middle of a line (or of a
 * multi-byte character); the partial line waits in the buffer for the next chunk. Heartbeats (`:`), other
 * fields and invalid JSON are skipped.
 */
export function createSseFrameReader(): { push(chunk: Uint8Array): ChatFrame[]; end(): ChatFrame[] } {
  const decoder = new TextDecoder();
  let buffer = '';
  const parseLines = (text: string, final: boolean): ChatFrame[] => {
    buffer += text;
    const lines = buffer.split('\n');
    buffer = final ? '' : (lines.pop() ?? '');
    return lines.flatMap((line) => parseLine(line.replace(/\r$/, '')));
  };
  return {
    push: (chunk) => parseLines(decoder.decode(chunk, { stream: true }), false),
    end: () => parseLines(decoder.decode(), true),
  };
}

function parseLine(line: string): ChatFrame[] {
  if (!line.startsWith('data:')) return [];
  let data: unknown;
  try {
    data = JSON.parse(line.slice(5).trimStart());
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const frame = data as Record<string, unknown>;
  if (typeof frame.error === 'string') {
    return [{ kind: 'error', error: frame.error, ...(typeof frame.details === 'string' ? { details: frame.details } : {}) }];
  }
  if (typeof frame.content === 'string') return [{ kind: 'content', text: frame.content }];
  if (frame.done === true) return [{ kind: 'done' }];
  return [];
}
