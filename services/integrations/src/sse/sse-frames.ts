import type { StreamFrame } from '../gateway/normalized.js';

/**
 * One normalized frame on the wire: an unnamed event (`data:` only, the default `message` type), like the
 * website chat frames of DESIGN §7, so a consumer can forward `content`/`done`/`error` almost verbatim.
 * JSON.stringify never emits a raw newline, so one `data:` line always carries the whole frame.
 */
export function formatFrame(frame: StreamFrame): string {
  // Content frames are most of a stream: only the text needs encoding (same bytes as stringifying the object).
  if (frame.type === 'content') return `data: {"type":"content","content":${JSON.stringify(frame.content)}}\n\n`;
  return `data: ${JSON.stringify(frame)}\n\n`;
}
