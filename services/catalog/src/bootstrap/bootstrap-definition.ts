import type { ResourceType } from '../resources/resource-types.js';

/** One row of the bootstrap set (catalog.md §12): readable id, published, public, platform-wide. */
export interface BootstrapDefinition {
  id: string;
  key: string;
  name: string;
  description: string;
  type: ResourceType;
  tags: string[];
  metadata: Record<string, unknown>;
}
