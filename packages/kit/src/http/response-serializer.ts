import type { FastifySerializerCompiler } from 'fastify/types/schema.js';
import fastJson from 'fast-json-stringify';
import { ResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';

type ZodSchema = z.ZodType;
type Serializer = (data: unknown) => string;

function resolveSchema(schema: unknown): ZodSchema {
  if (schema && typeof schema === 'object' && 'properties' in schema)
    return (schema as { properties: ZodSchema }).properties;
  return schema as ZodSchema;
}

/**
 * Response serializer. Either way only the fields the route's zod schema names reach the client (STYLE 8).
 * - A plain schema (objects closed to other keys, arrays, strings, numbers, booleans, enums, nullable values, and
 *   nothing that computes: no transforms, defaults, unions or records) is compiled once to a fast-json-stringify
 *   function, which writes exactly the named fields, fails on a missing required one, and costs less than
 *   JSON.stringify. It does not reject a wrongly typed value the way zod would: it writes it as the named type.
 * - Any other schema: `safeParse` (which drops unnamed fields and applies transforms and defaults), then
 *   JSON.stringify. fastify-type-provider-zod's default uses `safeEncode`, which skips zod's compiled fast path and
 *   costs ~30x more per response; we use no codecs, so parsing gives the same output.
 */
export const responseSerializerCompiler: FastifySerializerCompiler<unknown> = ({ schema, method, url }) => {
  const zodSchema = resolveSchema(schema);
  return compilePlainSchema(zodSchema, method, url) ?? parsingSerializer(zodSchema, method, url);
};

function parsingSerializer(zodSchema: ZodSchema, method: string, url: string): Serializer {
  return (data) => {
    const result = zodSchema.safeParse(data);
    if (!result.success) throw new ResponseSerializationError(method, url, { cause: result.error as never });
    return JSON.stringify(result.data);
  };
}

function compilePlainSchema(zodSchema: ZodSchema, method: string, url: string): Serializer | undefined {
  let jsonSchema: Record<string, unknown>;
  try {
    jsonSchema = z.toJSONSchema(zodSchema, { io: 'output' }) as Record<string, unknown>;
  } catch {
    // Transforms, dates and the like have no JSON Schema: zod serializes them.
    return undefined;
  }
  const { $schema: _dialect, ...root } = jsonSchema;
  if (!isPlain(root)) return undefined;
  const stringify = fastJson(root as unknown as Parameters<typeof fastJson>[0]);
  return (data) => {
    try {
      return stringify(data);
    } catch (error) {
      // Reported like a zod mismatch: the error handler logs the issue and answers 500.
      const issues = [{ code: 'custom', path: [], message: (error as Error).message }];
      throw new ResponseSerializationError(method, url, { cause: { issues } as never });
    }
  };
}

const leafTypes = new Set(['string', 'number', 'integer', 'boolean', 'null']);
// Keywords fast-json-stringify either writes by or safely ignores; any other one sends the schema to zod.
const plainKeywords = new Set([
  'type',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'enum',
  'const',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'minItems',
  'maxItems',
  'description',
  'title',
]);

function isPlainType(type: unknown): boolean {
  if (typeof type === 'string') return type === 'object' || type === 'array' || leafTypes.has(type);
  // A nullable leaf: ["string", "null"].
  return Array.isArray(type) && type.length === 2 && type[1] === 'null' && leafTypes.has(type[0] as string);
}

function isPlain(node: unknown): boolean {
  if (!node || typeof node !== 'object' || Array.isArray(node)) return false;
  const schema = node as Record<string, unknown>;
  if (!Object.keys(schema).every((keyword) => plainKeywords.has(keyword)) || !isPlainType(schema.type)) return false;
  if (schema.type === 'object') {
    // Only a closed object whitelists its fields.
    if (schema.additionalProperties !== false || !schema.properties || typeof schema.properties !== 'object')
      return false;
    return Object.values(schema.properties).every(isPlain);
  }
  if (schema.type === 'array') return isPlain(schema.items);
  return schema.properties === undefined && schema.items === undefined;
}
