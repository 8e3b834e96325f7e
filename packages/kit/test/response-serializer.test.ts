import { describe, expect, it } from 'vitest';
import { isResponseSerializationError } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { responseSerializerCompiler } from '../src/http/response-serializer.js';

const compile = (schema: z.ZodType) =>
  responseSerializerCompiler({ schema, method: 'GET', url: '/api/x', httpStatus: '200' } as never) as (
    data: unknown,
  ) => string;

const item = z.object({
  id: z.string().uuid(),
  name: z.string(),
  count: z.number().int(),
  active: z.boolean(),
  kind: z.enum(['a', 'b']),
  note: z.string().nullable(),
  extra: z.string().optional(),
  tags: z.array(z.object({ label: z.string() })),
});

describe('response serializer', () => {
  it('writes exactly what zod would for a plain schema, unnamed fields dropped at any depth', () => {
    const data = {
      id: '0190a8f4-8a3c-7b1e-9c2d-3e4f5a6b7c8d',
      name: 'quote " and \\ and \n',
      count: 3,
      active: true,
      kind: 'b',
      note: null,
      passwordHash: 'secret',
      tags: [{ label: 'x', internal: 'hidden' }],
    };
    const text = compile(item)(data);
    expect(JSON.parse(text)).toEqual(item.parse(data));
    expect(text).not.toContain('secret');
    expect(text).not.toContain('hidden');
    // The same members (fast-json-stringify may write optional fields after the required ones).
    expect(JSON.parse(compile(z.array(item))([data, { ...data, extra: 'e' }]))).toEqual(
      z.array(item).parse([data, { ...data, extra: 'e' }]),
    );
  });

  it('reports a missing required field as a response that does not match its schema', () => {
    let thrown: unknown;
    try {
      compile(item)({ id: '0190a8f4-8a3c-7b1e-9c2d-3e4f5a6b7c8d' });
    } catch (error) {
      thrown = error;
    }
    expect(isResponseSerializationError(thrown)).toBe(true);
  });

  it('leaves schemas that compute or open up to zod: transforms, defaults, unions, records, dates, loose objects', () => {
    expect(compile(z.object({ n: z.string().transform((s) => s.length) }))({ n: 'four' })).toBe('{"n":4}');
    expect(compile(z.object({ a: z.string().default('d') }))({})).toBe('{"a":"d"}');
    expect(compile(z.object({ v: z.union([z.string(), z.number()]) }))({ v: 2 })).toBe('{"v":2}');
    expect(compile(z.record(z.string(), z.number()))({ x: 1, y: 2 })).toBe('{"x":1,"y":2}');
    expect(compile(z.object({ at: z.date() }))({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
    expect(compile(z.looseObject({ a: z.string() }))({ a: 'x', b: 'kept' })).toBe('{"a":"x","b":"kept"}');
    // zod still rejects what it always rejected on those paths.
    expect(() => compile(z.object({ v: z.union([z.string(), z.number()]) }))({ v: true })).toThrow();
  });
});
