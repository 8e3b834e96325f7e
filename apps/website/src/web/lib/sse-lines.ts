import { createSseParser } from '@symbia/client/sse';

/** One chat frame from `POST /api/messaging/send` (DESIGN §7). */
export type ChatFrame =
  | { readonly kind: 'content'; readonly text: string }
  | { readonly kind: 'error'; readonly error: string; readonly details?: string }
  | { readonly kind: 'done' };

/**
 * website-and-cli.md A6 step 4 (W-6): bytes in, frames out, on the platform's one SSE reader (@symbia/client/sse).
 * A chunk may end in the middle of a line (or of a multi-byte character); the partial line waits for the next
 * chunk. Heartbeats (`:`), other fields and invalid JSON are skipped; a last frame cut before its blank line is
 * still shown when the stream ends.
 */
export function createSseFrameReader(): { push(chunk: Uint8Array): ChatFrame[]; end(): ChatFrame[] } {
  let frames: ChatFrame[] = [];
  const parser = createSseParser((event) => frames.push(...frameOf(event.data)), { dispatchUnterminated: true });
  const take = () => {
    const out = frames;
    frames = [];
    return out;
  };
  return {
    push: (chunk) => {
      parser.push(chunk);
      return take();
    },
    end: () => {
      parser.end();
      return take();
    },
  };
}

function frameOf(text: string): ChatFrame[] {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return [];
  }
  if (typeof data !== 'object' || data === null) return [];
  const frame = data as Record<string, unknown>;
  if (typeof frame.error === 'string') {
    return [
      { kind: 'error', error: frame.error, ...(typeof frame.details === 'string' ? { details: frame.details } : {}) },
    ];
  }
  if (typeof frame.content === 'string') return [{ kind: 'content', text: frame.content }];
  if (frame.done === true) return [{ kind: 'done' }];
  return [];
}
