/**
 * catalog.md §4 plus the component extension of §13: runtime components are catalog rows too (the
 * bootstrap set ships the built-in ones). `executor` is not accepted yet.
 */
export const resourceTypes = ['component', 'graph', 'assistant', 'context', 'integration'] as const;
export type ResourceType = (typeof resourceTypes)[number];

export const resourceStatuses = ['draft', 'published', 'deprecated'] as const;
export type ResourceStatus = (typeof resourceStatuses)[number];
