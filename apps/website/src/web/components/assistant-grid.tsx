import { aliasColor, type AssistantCardModel } from '../lib/assistant-card';

interface AssistantGridProps {
  readonly assistants: readonly AssistantCardModel[];
  readonly loading: boolean;
  readonly connected: boolean;
  readonly catalogOnline: boolean;
  readonly error?: string;
  readonly selectedKey?: string;
  readonly onSelect: (assistant: AssistantCardModel) => void;
}

export function AssistantGrid({
  assistants,
  loading,
  connected,
  catalogOnline,
  error,
  selectedKey,
  onSelect,
}: AssistantGridProps) {
  if (loading && assistants.length === 0) return <p className="grid-message">Loading assistants from catalog...</p>;
  if (assistants.length === 0) {
    return (
      <p className="grid-message" role="status">
        {!connected
          ? 'Start Symbia platform to load assistants'
          : !catalogOnline
            ? 'The catalog service is offline, so the assistants cannot be loaded'
            : error
              ? `The catalog could not be read: ${error}`
              : 'No assistants found in catalog'}
      </p>
    );
  }
  return (
    <>
      <ul className="assistant-grid" aria-label="Assistants">
        {assistants.map((assistant) => (
          <li key={assistant.key}>
            <AssistantCard assistant={assistant} selected={assistant.key === selectedKey} onSelect={onSelect} />
          </li>
        ))}
      </ul>
      <p className="grid-caption">{assistants.length} assistants from catalog</p>
    </>
  );
}

function AssistantCard({
  assistant,
  selected,
  onSelect,
}: {
  assistant: AssistantCardModel;
  selected: boolean;
  onSelect: (a: AssistantCardModel) => void;
}) {
  return (
    <button
      type="button"
      className={`assistant-card${selected ? ' selected' : ''}`}
      aria-label={`Chat with ${assistant.name} (${assistant.alias})`}
      onClick={() => onSelect(assistant)}
    >
      <span className="card-header">
        <span className="card-name">
          <span className="dot dot-live" aria-hidden="true" />
          {assistant.name}
        </span>
        <span className="card-alias" style={{ color: aliasColor(assistant.key) }}>
          {assistant.alias}
        </span>
      </span>
      <span className="card-description">{assistant.description}</span>
      <span className="card-footer">
        <span>{assistant.rules} rules</span>
        <span className={`badge badge-${assistant.status}`}>{assistant.status}</span>
        <span>{assistant.capabilities} capabilities</span>
      </span>
    </button>
  );
}
