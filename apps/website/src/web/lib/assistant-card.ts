/** A catalog resource as `GET /api/bootstrap` returns it; only the fields the grid reads. */
export interface CatalogResource {
  readonly key: string;
  readonly name?: string | null;
  readonly type?: string;
  readonly status?: string | null;
  readonly description?: string | null;
  readonly metadata?: Record<string, unknown> | null;
}

export interface AssistantCardModel {
  readonly key: string;
  readonly name: string;
  /** With the leading `@`. */
  readonly alias: string;
  readonly status: 'published' | 'bootstrap';
  readonly description: string;
  readonly rules: number;
  readonly capabilities: number;
}

const lastSegment = (key: string) => key.split('/').filter(Boolean).at(-1) ?? key;

function lengthAt(value: unknown, ...path: string[]): number {
  let current: unknown = value;
  for (const step of path)
    current = typeof current === 'object' && current !== null ? (current as Record<string, unknown>)[step] : undefined;
  return Array.isArray(current) ? current.length : 0;
}

/** website-and-cli.md A4 AssistantGrid mapping. */
export function toAssistantCard(resource: CatalogResource): AssistantCardModel {
  const metadata = resource.metadata ?? {};
  const alias =
    typeof metadata.alias === 'string' && metadata.alias !== '' ? metadata.alias : lastSegment(resource.key);
  return {
    key: resource.key,
    name: resource.name || lastSegment(resource.key),
    alias: `@${alias}`,
    status: resource.status === 'published' ? 'published' : 'bootstrap',
    description: resource.description || 'No description',
    rules: lengthAt(metadata, 'ruleSet', 'rules'),
    capabilities: lengthAt(metadata, 'assistantConfig', 'capabilities'),
  };
}

const ALIAS_PALETTE = [
  'var(--primary)',
  'var(--secondary)',
  'var(--tertiary)',
  'var(--node-input)',
  'var(--node-condition)',
  '#a78bfa',
  '#f472b6',
  '#34d399',
];

/** A deterministic colour per assistant key. */
export function aliasColor(key: string): string {
  let hash = 0;
  for (let i = 0; i < key.length; i++) hash = (hash * 31 + key.charCodeAt(i)) | 0;
  return ALIAS_PALETTE[Math.abs(hash) % ALIAS_PALETTE.length]!;
}
