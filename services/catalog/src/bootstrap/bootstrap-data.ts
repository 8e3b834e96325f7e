import { assistantDefinitions } from './assistants.js';
import type { BootstrapDefinition } from './bootstrap-definition.js';
import { componentDefinitions } from './components.js';
import { integrationDefinitions } from './integrations.js';

/** Everything the catalog loads at start (catalog.md §12), written for this project. */
export const bootstrapDefinitions: readonly BootstrapDefinition[] = [
  ...componentDefinitions,
  ...assistantDefinitions,
  ...integrationDefinitions,
];
