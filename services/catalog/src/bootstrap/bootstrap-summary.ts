import type { ResourceRow } from '../resources/resource.store.js';

export interface BootstrapSummary {
  generatedAt: string;
  contexts: { total: number; categories: { id: string; label: string; count: number }[] };
  graphs: { total: number };
  integrations: { total: number };
  assistants: { total: number };
  components: { total: number };
}

const fixedLabels: Record<string, string> = {
  architecture: 'Architecture',
  domain: 'Domains',
  identity: 'Identity',
  industry: 'Industries',
  mission: 'Mission',
  persona: 'Personas',
  use_case: 'Use Cases',
  workspace: 'Workspace',
};
const acronyms = new Set([
  'AI',
  'API',
  'CSV',
  'DNS',
  'HTTP',
  'HTTPS',
  'IO',
  'IT',
  'JSON',
  'MCP',
  'MQTT',
  'OT',
  'PII',
  'RAG',
  'S3',
  'SQL',
  'TCP',
  'UDP',
  'URI',
  'URL',
  'UUID',
  'XML',
  'YAML',
]);

/** catalog.md §9.3: `metadata.kind` if a non-empty string, else the key's second segment (first if only one). */
export function contextCategoryId(row: Pick<ResourceRow, 'key' | 'metadata'>): string {
  const kind = row.metadata.kind;
  if (typeof kind === 'string' && kind.trim() !== '') return kind.trim();
  const segments = row.key.split('/');
  return segments[1] ?? segments[0]!;
}

export function categoryLabel(id: string): string {
  // Own properties only: the id comes from a row's metadata (`constructor` must not find Object).
  const fixed = Object.hasOwn(fixedLabels, id) ? fixedLabels[id] : undefined;
  if (fixed) return fixed;
  return id
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[\s_.-]+/)
    .filter((w) => w !== '')
    .map((w) => (acronyms.has(w.toUpperCase()) ? w.toUpperCase() : w[0]!.toUpperCase() + w.slice(1)))
    .join(' ');
}

export function summarizeBootstrap(rows: readonly ResourceRow[], now: Date): BootstrapSummary {
  const ofType = (type: string) => rows.filter((r) => r.type === type);
  const counts = new Map<string, number>();
  for (const row of ofType('context')) {
    const id = contextCategoryId(row);
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const categories = [...counts]
    .map(([id, count]) => ({ id, label: categoryLabel(id), count }))
    .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  return {
    generatedAt: now.toISOString(),
    contexts: { total: ofType('context').length, categories },
    graphs: { total: ofType('graph').length },
    integrations: { total: ofType('integration').length },
    assistants: { total: ofType('assistant').length },
    components: { total: ofType('component').length },
  };
}
