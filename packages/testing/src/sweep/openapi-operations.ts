import { randomUUID } from 'node:crypto';

/** The part of a JSON Schema the sweep reads (OpenAPI 3.1 schemas as the kit generates them from zod). */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  minimum?: number;
  exclusiveMinimum?: number | boolean;
  minLength?: number;
  minItems?: number;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
}

export interface OperationParameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required: boolean;
  schema: JsonSchema;
}

/** One route of the document, with a request that should pass validation (`sample*`), to be mutated one place at a time. */
export interface SweptOperation {
  method: string;
  /** The path template, e.g. `/api/orgs/{orgId}/members`. */
  route: string;
  parameters: OperationParameter[];
  /** The JSON body schema, when the operation takes one. */
  body?: JsonSchema;
  /** Whether the document says the route needs a credential. */
  secured: boolean;
}

interface OpenApiDocument {
  paths?: Record<
    string,
    Record<
      string,
      {
        parameters?: OperationParameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        security?: unknown[];
      }
    >
  >;
  components?: { schemas?: Record<string, JsonSchema> };
}

const METHODS = new Set(['get', 'post', 'put', 'patch', 'delete']);

/** Every operation of a service's OpenAPI document (`/docs/openapi.json`), `$ref`s resolved. */
export function operationsOf(document: OpenApiDocument): SweptOperation[] {
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema => {
    if (!schema) return {};
    if (schema.$ref && depth < 8) {
      const name = schema.$ref.split('/').pop()!;
      return resolve(document.components?.schemas?.[name], depth + 1);
    }
    return schema;
  };
  const operations: SweptOperation[] = [];
  for (const [route, item] of Object.entries(document.paths ?? {})) {
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = (operation.parameters ?? []).map((p) => ({
        ...p,
        required: p.required === true || p.in === 'path',
        schema: resolve(p.schema),
      }));
      const bodySchema = operation.requestBody?.content?.['application/json']?.schema;
      operations.push({
        method: method.toUpperCase(),
        route,
        parameters,
        body: bodySchema ? deepResolve(bodySchema, resolve) : undefined,
        secured: (operation.security ?? []).length > 0,
      });
    }
  }
  return operations;
}

function deepResolve(schema: JsonSchema, resolve: (s: JsonSchema | undefined) => JsonSchema, depth = 0): JsonSchema {
  const s = resolve(schema);
  if (depth > 6) return s;
  const next = (x: JsonSchema) => deepResolve(x, resolve, depth + 1);
  return {
    ...s,
    ...(s.properties && { properties: Object.fromEntries(Object.entries(s.properties).map(([k, v]) => [k, next(v)])) }),
    ...(s.items && { items: next(s.items) }),
    ...(typeof s.additionalProperties === 'object' && { additionalProperties: next(s.additionalProperties) }),
    ...(s.anyOf && { anyOf: s.anyOf.map(next) }),
    ...(s.oneOf && { oneOf: s.oneOf.map(next) }),
    ...(s.allOf && { allOf: s.allOf.map(next) }),
  };
}

/** The schema with unions narrowed to their first non-null branch and `allOf` merged. */
export function settle(schema: JsonSchema): JsonSchema {
  const union = schema.anyOf ?? schema.oneOf;
  if (union) return settle(union.find((b) => b.type !== 'null') ?? union[0] ?? {});
  if (schema.allOf) {
    return schema.allOf.map(settle).reduce<JsonSchema>(
      (a, b) => ({
        ...a,
        ...b,
        properties: { ...a.properties, ...b.properties },
        required: [...(a.required ?? []), ...(b.required ?? [])],
      }),
      {},
    );
  }
  return schema;
}

const typeOf = (schema: JsonSchema): string | undefined => {
  const type = Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') : schema.type;
  if (type) return type;
  if (schema.properties) return 'object';
  return undefined;
};

/** A value the schema accepts, as far as a simple reading can tell (formats, enums, minimums and lengths). */
export function sampleValue(input: JsonSchema, depth = 0): unknown {
  const schema = settle(input);
  if (schema.const !== undefined) return schema.const;
  if (schema.enum?.length) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (typeOf(schema)) {
    case 'string':
      return sampleString(schema);
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? Math.max(schema.minimum, 1) : 1;
    case 'boolean':
      return true;
    case 'array':
      return depth > 4 || !schema.items
        ? []
        : Array.from({ length: Math.max(1, schema.minItems ?? 1) }, () => sampleValue(schema.items!, depth + 1));
    case 'object': {
      if (depth > 4) return {};
      const out: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(schema.properties ?? {})) out[key] = sampleValue(value, depth + 1);
      return out;
    }
    default:
      return 'sweep';
  }
}

function sampleString(schema: JsonSchema): string {
  switch (schema.format) {
    case 'uuid':
      return randomUUID();
    case 'email':
      return `sweep-${randomUUID().slice(0, 8)}@example.test`;
    case 'uri':
    case 'url':
      return 'https://example.test/sweep';
    case 'date-time':
      return new Date().toISOString();
    default:
      return 'sweep-value'.padEnd(Math.max(schema.minLength ?? 0, 11), 'x');
  }
}

/** A place in a JSON body: the keys and indexes leading to it. */
export type BodyPath = (string | number)[];

/** Every string leaf of the body schema (through objects, arrays and records), for the string mutations. */
export function stringPathsOf(input: JsonSchema, prefix: BodyPath = [], out: BodyPath[] = []): BodyPath[] {
  const schema = settle(input);
  if (prefix.length > 4) return out;
  const type = typeOf(schema);
  if (type === 'string' && !schema.enum && schema.const === undefined) out.push(prefix);
  else if (type === 'array' && schema.items) stringPathsOf(schema.items, [...prefix, 0], out);
  else if (type === 'object') {
    for (const [key, value] of Object.entries(schema.properties ?? {})) stringPathsOf(value, [...prefix, key], out);
    if (typeof schema.additionalProperties === 'object')
      stringPathsOf(schema.additionalProperties, [...prefix, 'sweep'], out);
  }
  return out;
}

/** A copy of `body` with `value` at `path`, creating objects and arrays on the way. */
export function withValueAt(body: unknown, path: BodyPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [head, ...rest] = path;
  if (typeof head === 'number') {
    const array = Array.isArray(body) ? [...(body as unknown[])] : [];
    array[head] = withValueAt(array[head], rest, value);
    return array;
  }
  const object =
    body !== null && typeof body === 'object' && !Array.isArray(body) ? { ...(body as Record<string, unknown>) } : {};
  Object.defineProperty(object, head!, {
    value: withValueAt(object[head!], rest, value),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return object;
}
