/** DESIGN §7 / messaging.md §10: the only frames the browser receives, one JSON object per `data:` line. */
export type ChatFrame = { content: string } | { done: true } | { error: string; details: string };

/** Where frames go: the HTTP response in production, anything in tests. Writes after the client left are dropped. */
export interface ChatSink {
  /** Status 200 and the SSE headers, plus `extraHeaders`; called once, before the first frame. */
  open(extraHeaders: Record<string, string>): void;
  send(frame: ChatFrame): void;
  /** Finishes the response; safe to call more than once, and without `open` (the client already left). */
  end(): void;
  /** Aborted when the client disconnects. */
  readonly signal: AbortSignal;
}

export const formatFrame = (frame: ChatFrame): string => `data: ${JSON.stringify(frame)}\n\n`;
