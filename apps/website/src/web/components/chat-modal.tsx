import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { useChat, type ChatMessage } from '../hooks/use-chat';
import { aliasColor, type AssistantCardModel } from '../lib/assistant-card';

interface ChatModalProps {
  readonly assistant: AssistantCardModel;
  readonly onClose: () => void;
}

/** website-and-cli.md A4 AssistantDetailModal: a dialog that traps focus, closes on Escape, streams the answer. */
export function ChatModal({ assistant, onClose }: ChatModalProps) {
  const titleId = useId();
  const inputId = useId();
  const dialogRef = useRef<HTMLDivElement>(null);
  const inputRef = useRef<HTMLTextAreaElement>(null);
  const listRef = useRef<HTMLDivElement>(null);
  const [draft, setDraft] = useState('');
  const chat = useChat(assistant.alias.replace(/^@/, ''));
  const { cancelStream } = chat;

  useEffect(() => {
    inputRef.current?.focus();
    return () => cancelStream();
  }, [cancelStream]);

  useEffect(() => {
    const list = listRef.current;
    if (list) list.scrollTop = list.scrollHeight;
  }, [chat.messages]);

  const send = () => {
    if (draft.trim() === '' || chat.isStreaming) return;
    void chat.sendMessage(draft.trim());
    setDraft('');
  };

  const onDialogKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === 'Escape') {
      event.stopPropagation();
      onClose();
      return;
    }
    if (event.key !== 'Tab' || dialogRef.current === null) return;
    const focusable = [
      ...dialogRef.current.querySelectorAll<HTMLElement>(
        'button:not([disabled]), textarea, [href], [tabindex]:not([tabindex="-1"])',
      ),
    ];
    const first = focusable[0];
    const last = focusable.at(-1);
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last?.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first?.focus();
    }
  };

  const onComposerKey = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (event.key === 'Enter' && !event.shiftKey && !event.nativeEvent.isComposing) {
      event.preventDefault();
      send();
    }
  };

  const color = aliasColor(assistant.key);
  return (
    <div className="modal-overlay" onMouseDown={(event) => event.target === event.currentTarget && onClose()}>
      <div
        className="modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        ref={dialogRef}
        onKeyDown={onDialogKey}
      >
        <header className="modal-header">
          <span className="dot dot-live" aria-hidden="true" />
          <h2 id={titleId}>{assistant.name}</h2>
          <span className="card-alias" style={{ color }}>
            {assistant.alias}
          </span>
          <button type="button" className="icon-button close-button" aria-label="Close chat" onClick={onClose}>
            ×
          </button>
        </header>
        <div className="modal-info">
          <p>{assistant.description || 'No description available.'}</p>
          <p className="modal-meta">
            <span>{assistant.rules} rules</span> · <span>{assistant.capabilities} capabilities</span> ·{' '}
            <span className={`badge badge-${assistant.status}`}>{assistant.status}</span>
          </p>
        </div>
        <div
          className="message-list"
          ref={listRef}
          role="log"
          aria-label={`Conversation with ${assistant.alias}`}
          aria-live="polite"
        >
          {chat.messages.length === 0 ? (
            <div className="empty-chat">
              <span className="empty-icon" aria-hidden="true">
                💬
              </span>
              <p>Chat with {assistant.alias}</p>
              <p className="muted">Send a message to start; the answer streams in as the model writes it.</p>
            </div>
          ) : (
            chat.messages.map((message) => (
              <ChatBubble key={message.id} message={message} alias={assistant.alias} color={color} />
            ))
          )}
        </div>
        <div className="composer">
          <label htmlFor={inputId} className="visually-hidden">
            Message to {assistant.alias}
          </label>
          <textarea
            id={inputId}
            ref={inputRef}
            rows={1}
            value={draft}
            placeholder={`Ask ${assistant.alias} something...`}
            onChange={(event) => setDraft(event.target.value)}
            onKeyDown={onComposerKey}
          />
          {chat.isStreaming ? (
            <button type="button" className="btn btn-secondary" onClick={chat.cancelStream}>
              Stop
            </button>
          ) : null}
          <button
            type="button"
            className="btn btn-primary"
            disabled={draft.trim() === '' || chat.isStreaming}
            onClick={send}
          >
            {chat.isStreaming ? '...' : 'Send'}
          </button>
        </div>
        <p className="composer-hint">Press Enter to send, Shift+Enter for a new line</p>
      </div>
    </div>
  );
}

function ChatBubble({ message, alias, color }: { message: ChatMessage; alias: string; color: string }) {
  const mine = message.role === 'user';
  return (
    <div
      className={`bubble ${mine ? 'bubble-user' : 'bubble-assistant'}`}
      data-role={message.role}
      data-streaming={message.streaming ? 'true' : 'false'}
    >
      <span className="bubble-label">{mine ? 'You' : alias}</span>
      {message.content !== '' ? (
        <p className="bubble-text">
          {message.content}
          {message.streaming ? <span className="caret" style={{ background: color }} aria-hidden="true" /> : null}
        </p>
      ) : message.streaming ? (
        <p className="bubble-text thinking">Thinking...</p>
      ) : null}
      {message.error !== undefined ? (
        <p className="bubble-error" role="alert">
          {message.error}
        </p>
      ) : null}
    </div>
  );
}
