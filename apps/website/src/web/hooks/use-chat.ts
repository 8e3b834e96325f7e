import { useCallback, useRef, useState } from 'react';
import { createSseFrameReader } from '../lib/sse-lines';

export interface ChatMessage {
  readonly id: string;
  readonly role: 'user' | 'assistant';
  readonly content: string;
  readonly timestamp: number;
  readonly streaming?: boolean;
  /** Set when the answer failed; shown instead of (or after) the partial answer. */
  readonly error?: string;
}

export interface ChatView {
  readonly messages: readonly ChatMessage[];
  readonly isStreaming: boolean;
  sendMessage(content: string): Promise<void>;
  cancelStream(): void;
  clearMessages(): void;
}

const NOT_CONNECTED = 'Platform not connected. Start Symbia to enable live chat.';

/** website-and-cli.md A6: the answer is appended frame by frame as it arrives; errors are shown, never an empty bubble. */
export function useChat(assistant: string): ChatView {
  const [messages, setMessages] = useState<ChatMessage[]>([]);
  const [isStreaming, setStreaming] = useState(false);
  const controllerRef = useRef<AbortController | null>(null);

  const sendMessage = useCallback(
    async (content: string) => {
      if (controllerRef.current !== null || content.trim() === '') return;
      const controller = new AbortController();
      controllerRef.current = controller;
      setStreaming(true);
      const now = Date.now();
      const replyId = `assistant-${now}`;
      const update = (change: (message: ChatMessage) => ChatMessage) =>
        setMessages((list) => list.map((message) => (message.id === replyId ? change(message) : message)));
      setMessages((list) => [
        ...list,
        { id: `user-${now}`, role: 'user', content, timestamp: now },
        { id: replyId, role: 'assistant', content: '', timestamp: now, streaming: true },
      ]);
      try {
        const res = await fetch('/api/messaging/send', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ channel: 'website-demo', content, assistant }),
          signal: controller.signal,
        });
        if (!res.ok || res.body === null) {
          const error = failureText(res.status, await readError(res));
          update((message) => ({ ...message, error }));
          return;
        }
        const frames = createSseFrameReader();
        const reader = res.body.getReader();
        let finished = false;
        while (!finished) {
          const { value, done } = await reader.read();
          const batch = done ? frames.end() : frames.push(value);
          for (const frame of batch) {
            if (frame.kind === 'content') update((message) => ({ ...message, content: message.content + frame.text }));
            if (frame.kind === 'error') {
              const error = `The assistant could not answer: ${frame.error}${frame.details ? ` (${frame.details})` : ''}`;
              update((message) => ({ ...message, error }));
              finished = true;
            }
          }
          if (done) break;
        }
        if (finished) await reader.cancel();
      } catch (error) {
        const aborted = error instanceof DOMException && error.name === 'AbortError';
        update((message) =>
          aborted
            ? { ...message, content: message.content || 'Message cancelled.' }
            : { ...message, error: NOT_CONNECTED },
        );
      } finally {
        // Never an empty bubble: a stream that closed without text or error says so.
        update((message) => ({
          ...message,
          streaming: false,
          ...(message.content === '' && message.error === undefined
            ? { error: 'The answer ended before any text arrived.' }
            : {}),
        }));
        controllerRef.current = null;
        setStreaming(false);
      }
    },
    [assistant],
  );

  const cancelStream = useCallback(() => controllerRef.current?.abort(), []);
  const clearMessages = useCallback(() => setMessages([]), []);
  return { messages, isStreaming, sendMessage, cancelStream, clearMessages };
}

async function readError(res: Response): Promise<string | undefined> {
  try {
    const body = (await res.json()) as { error?: unknown };
    return typeof body.error === 'string' ? body.error : undefined;
  } catch {
    return undefined;
  }
}

function failureText(status: number, error: string | undefined): string {
  if (status === 502 || status === 503 || status === 504) return error ? `${error}. ${NOT_CONNECTED}` : NOT_CONNECTED;
  return `The assistant could not answer: ${error ?? `HTTP ${status}`}`;
}
