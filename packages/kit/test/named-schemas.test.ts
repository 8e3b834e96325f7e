import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createLogCapture } from '../src/testing/index.js';
import { createSchemaRegistry, createService, loadServiceConfig } from '../src/index.js';

// A service's registry names shared schemas: routes refer to `components.schemas.<id>` instead of repeating them,
// and only the names some route uses appear in the document.
describe('named schemas', () => {
  it('puts registered schemas in components.schemas and refers to them from every route that uses them', async () => {
    const item = z.object({ id: z.string(), name: z.string() });
    const unused = z.object({ never: z.boolean() });
    const registry = createSchemaRegistry();
    registry.add(item, { id: 'Item' });
    registry.add(unused, { id: 'Unused' });
    const config = loadServiceConfig({ serviceId: 'kit-test', env: { NODE_ENV: 'test', LOG_LEVEL: 'warn' } });
    const app = await createService({
      config,
      description: 'named schemas',
      logDestination: createLogCapture().destination,
      schemaRegistry: registry,
    });
    app.get(
      '/api/items/:id',
      { schema: { params: z.object({ id: z.string() }), response: { 200: item } } },
      async (request) => ({ id: request.params.id, name: 'n' }),
    );
    app.get('/api/items', { schema: { response: { 200: z.object({ items: z.array(item) }) } } }, async () => ({
      items: [],
    }));
    try {
      const doc = (await app.inject({ method: 'GET', url: '/docs/openapi.json' })).json();
      expect(Object.keys(doc.components.schemas)).toEqual(['Item']);
      expect(doc.components.schemas.Item).toMatchObject({ type: 'object', required: ['id', 'name'] });
      expect(doc.paths['/api/items/{id}'].get.responses['200'].content['application/json'].schema).toEqual({
        $ref: '#/components/schemas/Item',
      });
      expect(
        doc.paths['/api/items'].get.responses['200'].content['application/json'].schema.properties.items.items,
      ).toEqual({ $ref: '#/components/schemas/Item' });
      // llms-full.txt, which shows the `$ref`s, also lists what they name.
      const full = (await app.inject({ method: 'GET', url: '/docs/llms-full.txt' })).body;
      expect(full).toContain('#/components/schemas/Item');
      expect(full).toContain('## Schemas\n\n### Item\n');
      expect(full).not.toContain('### Unused');
      // The schema still validates what the route answers.
      expect((await app.inject({ method: 'GET', url: '/api/items/a1' })).json()).toEqual({ id: 'a1', name: 'n' });
    } finally {
      await app.close();
    }
  });
});
