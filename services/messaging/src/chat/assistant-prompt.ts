import type { CatalogAssistant } from './catalog-assistants-cache.js';

export interface AssistantPrompt {
  systemPrompt: string;
  /** `catalog` when the catalog described the assistant, `default` otherwise. */
  source: 'catalog' | 'default';
  /**
   * W1: the assistant is rule-based (or unknown), so a general LLM is answering in its place; the reply is
   * labelled as such.
   */
  fallback: boolean;
}

/** messaging.md §10 step 3: by key, by `assistants/<key>`, or by alias. */
export function findAssistant(assistants: readonly CatalogAssistant[], name: string): CatalogAssistant | undefined {
  return assistants.find((a) => a.key === name || a.key === `assistants/${name}` || a.alias === name);
}

/** messaging.md §10 steps 2–3: the catalog's description when there is one, a one-sentence default otherwise. */
export function buildAssistantPrompt(name: string, assistants: readonly CatalogAssistant[] | null): AssistantPrompt {
  const found = assistants ? findAssistant(assistants, name) : undefined;
  const fallback = !found || found.llmConfig === null;
  if (found?.description) {
    return {
      systemPrompt: `You are ${found.name} (${found.key}), an AI assistant on the Symbia platform. ${found.description} Be helpful, concise and friendly.`,
      source: 'catalog',
      fallback,
    };
  }
  return { systemPrompt: `You are ${name}, a helpful assistant on the Symbia platform.`, source: 'default', fallback };
}
