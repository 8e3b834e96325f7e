import type { Principal } from '@symbia/auth';
import { badRequest, isAppError } from '@symbia/kit/errors';
import type { VersionService } from '../versions/version.service.js';
import type { ResourceService } from './resource.service.js';

export type BulkAction = 'publish' | 'delete' | 'updateStatus' | 'addTags' | 'removeTags';

export interface BulkInput {
  ids: string[];
  action: BulkAction;
  payload?: { status?: 'draft' | 'deprecated'; tags?: string[]; changelog?: string };
}

export interface BulkResult {
  summary: { total: number; succeeded: number; failed: number };
  results: { id: string; status: 'success' | 'failed'; error?: string }[];
}

export interface BulkService {
  run(principal: Principal, input: BulkInput): Promise<BulkResult>;
}

/**
 * catalog.md §8.3 bulk: each item runs as its own use case with the same checks as the single routes
 * (publish → publish, delete → delete, others → write); one item's failure does not stop the rest.
 * Payload problems that would fail every item are a 400 up front.
 */
export function createBulkService(deps: { resources: ResourceService; versions: VersionService }): BulkService {
  const { resources, versions } = deps;

  const apply = async (principal: Principal, id: string, input: BulkInput): Promise<void> => {
    const tags = input.payload?.tags ?? [];
    switch (input.action) {
      case 'publish':
        await versions.publish(principal, id, input.payload?.changelog);
        return;
      case 'delete':
        await resources.remove(principal, id);
        return;
      case 'updateStatus':
        await resources.update(principal, id, { status: input.payload!.status! });
        return;
      case 'addTags':
      case 'removeTags': {
        const row = await resources.authorize(principal, id, 'write');
        const next =
          input.action === 'addTags' ? [...new Set([...row.tags, ...tags])] : row.tags.filter((t) => !tags.includes(t));
        await resources.update(principal, id, { tags: next });
      }
    }
  };

  return {
    async run(principal, input) {
      if (input.action === 'updateStatus' && !input.payload?.status)
        throw badRequest('Status is required', [
          { field: 'body.payload.status', message: 'is required for updateStatus' },
        ]);
      if ((input.action === 'addTags' || input.action === 'removeTags') && !input.payload?.tags?.length) {
        throw badRequest('Tags are required', [
          { field: 'body.payload.tags', message: `is required for ${input.action}` },
        ]);
      }
      const results: BulkResult['results'] = [];
      for (const id of new Set(input.ids)) {
        try {
          await apply(principal, id, input);
          results.push({ id, status: 'success' });
        } catch (err) {
          // Only domain errors are reported per item; anything else is a real failure of the request.
          if (!isAppError(err)) throw err;
          results.push({ id, status: 'failed', error: err.message });
        }
      }
      const succeeded = results.filter((r) => r.status === 'success').length;
      return { summary: { total: results.length, succeeded, failed: results.length - succeeded }, results };
    },
  };
}
