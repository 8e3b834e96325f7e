import { describe, expect, it } from 'vitest';
import { categoryLabel, contextCategoryId, summarizeBootstrap } from '../../src/bootstrap/bootstrap-summary.js';
import type { ResourceRow } from '../../src/resources/resource.store.js';

const row = (type: string, key: string, metadata: Record<string, unknown> = {}) =>
  ({ type, key, metadata }) as ResourceRow;

describe('bootstrap summary', () => {
  it('derives context categories from metadata.kind, else the key (catalog.md §9.3)', () => {
    expect(contextCategoryId(row('context', 'context/integrations.provider'))).toBe('integrations.provider');
    expect(contextCategoryId(row('context', 'solo'))).toBe('solo');
    expect(contextCategoryId(row('context', 'context/x', { kind: ' persona ' }))).toBe('persona');
  });

  it('labels categories with the fixed map, acronyms and title case', () => {
    expect(categoryLabel('use_case')).toBe('Use Cases');
    expect(categoryLabel('ai-api_gateway')).toBe('AI API Gateway');
    expect(categoryLabel('dataPipelines')).toBe('Data Pipelines');
  });

  it('labels a category named like an Object.prototype member as text, not from the prototype', () => {
    expect(categoryLabel('constructor')).toBe('Constructor');
    expect(categoryLabel('toString')).toBe('To String');
    expect(categoryLabel('__proto__')).toBe('Proto');
  });

  it('counts kinds and sorts categories by count, then label', () => {
    const summary = summarizeBootstrap(
      [
        row('context', 'c/b', { kind: 'beta' }),
        row('context', 'c/a', { kind: 'alpha' }),
        row('context', 'c/b2', { kind: 'beta' }),
        row('graph', 'g'),
      ],
      new Date(0),
    );
    expect(summary).toEqual({
      generatedAt: '1970-01-01T00:00:00.000Z',
      contexts: {
        total: 3,
        categories: [
          { id: 'beta', label: 'Beta', count: 2 },
          { id: 'alpha', label: 'Alpha', count: 1 },
        ],
      },
      graphs: { total: 1 },
      integrations: { total: 0 },
      assistants: { total: 0 },
      components: { total: 0 },
    });
  });
});
