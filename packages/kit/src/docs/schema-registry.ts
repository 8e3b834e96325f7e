import type { SwaggerTransform, SwaggerTransformObject } from '@fastify/swagger';
import { createJsonSchemaTransform, createJsonSchemaTransformObject } from 'fastify-type-provider-zod';
import { z } from 'zod';

/**
 * A service's named schemas: each zod schema added with an `id` becomes `components.schemas.<id>` in its OpenAPI
 * document, and every route using it refers to it with `$ref` (so generated clients get one type per name).
 * One registry per service, not zod's global one, so two services built in one process never share names.
 */
export type SchemaRegistry = z.core.$ZodRegistry<{ id?: string }>;

export function createSchemaRegistry(): SchemaRegistry {
  return z.registry<{ id?: string }>();
}

const refPrefix = '#/components/schemas/';

function collectRefs(value: unknown, into: Set<string>): void {
  if (Array.isArray(value)) {
    for (const item of value) collectRefs(item, into);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  for (const [key, child] of Object.entries(value)) {
    if (key === '$ref' && typeof child === 'string' && child.startsWith(refPrefix))
      into.add(child.slice(refPrefix.length));
    else collectRefs(child, into);
  }
}

/**
 * Keeps only the components a path refers to, directly or through another component: the registry yields an
 * input and an output variant of every named schema (`Resource`, `ResourceInput`), and most are used one way only.
 */
export function keepReferencedSchemas<T extends { components?: { schemas?: Record<string, unknown> } }>(
  document: T,
): T {
  const schemas = document.components?.schemas;
  if (!schemas) return document;
  const { components, ...rest } = document;
  const used = new Set<string>();
  collectRefs(rest, used);
  collectRefs({ ...components, schemas: undefined }, used);
  const pending = [...used];
  while (pending.length > 0) {
    const more = new Set<string>();
    collectRefs(schemas[pending.pop()!], more);
    for (const name of more) {
      if (!used.has(name)) {
        used.add(name);
        pending.push(name);
      }
    }
  }
  const kept = Object.fromEntries(Object.entries(schemas).filter(([name]) => used.has(name)));
  return { ...document, components: { ...components, schemas: kept } };
}

/** The @fastify/swagger `transform` and `transformObject` that name the registry's schemas. */
export function namedSchemaTransforms(registry: SchemaRegistry): {
  transform: SwaggerTransform;
  transformObject: SwaggerTransformObject;
} {
  const transformObject = createJsonSchemaTransformObject({ schemaRegistry: registry });
  return {
    transform: createJsonSchemaTransform({ schemaRegistry: registry }) as SwaggerTransform,
    transformObject: (documentObject) => {
      const document = transformObject(documentObject);
      return keepReferencedSchemas(
        document as { components?: { schemas?: Record<string, unknown> } },
      ) as typeof document;
    },
  };
}
