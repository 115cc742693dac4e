/**
 * Our JSON Schema → zod converter, table-driven: each schema is converted, the source is evaluated,
 * and the result must accept and reject what JSON Schema (checked by Ajv 2020) accepts and rejects.
 */
import { createSpecAjv } from '@device-commands/spec';
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, toZod } from '../src/json-schema-to-zod.ts';

const ajv = createSpecAjv();
const ctx = { refName: (ref: string) => ref.split('/').pop() ?? '' };
const compile = (source: string) => new Function('z', `return ${source};`)(z) as z.ZodType;

interface Case {
  name: string;
  schema: Exclude<JsonSchema, boolean>;
  accepts: unknown[];
  rejects: unknown[];
}

const cases: Case[] = [
  {
    name: 'a string with length bounds',
    schema: { type: 'string', minLength: 2, maxLength: 3 },
    accepts: ['ab', 'abc'],
    rejects: ['a', 'abcd', 1, null],
  },
  {
    name: 'a pattern with a slash',
    schema: { type: 'string', pattern: '^a/b$' },
    accepts: ['a/b'],
    rejects: ['a\\/b', 'ab'],
  },
  {
    name: 'a pattern with an escaped backslash',
    schema: { type: 'string', pattern: '^a\\\\b$' },
    accepts: ['a\\b'],
    rejects: ['ab', 'a\\\\b'],
  },
  { name: 'a pattern with quotes', schema: { type: 'string', pattern: '^"x"\'$' }, accepts: ['"x"\''], rejects: ['x'] },
  {
    name: 'a pattern with \\d and a quantifier',
    schema: { type: 'string', pattern: '^\\d{4}$' },
    accepts: ['2026'],
    rejects: ['202', '２０２６'],
  },
  {
    name: 'a pattern that needs Unicode mode (\\p{L})',
    schema: { type: 'string', pattern: '^\\p{L}+$' },
    accepts: ['Ñandú', 'abc'],
    rejects: ['a1', ''],
  },
  {
    name: 'a pattern with \\w inside a class and a hyphen last',
    schema: { type: 'string', pattern: '^[\\w.-]+$' },
    accepts: ['a_b.c-d'],
    rejects: ['a b', 'ſ'],
  },
  {
    name: 'an unanchored pattern (JSON Schema searches)',
    schema: { type: 'string', pattern: 'ab' },
    accepts: ['xaby'],
    rejects: ['xy'],
  },
  {
    name: 'a pattern with an astral character class',
    schema: { type: 'string', pattern: '^[😀-😂]$' },
    accepts: ['😁'],
    rejects: ['a', '😃'],
  },
  {
    name: 'date-time',
    schema: { type: 'string', format: 'date-time' },
    accepts: ['2026-02-10T12:00:00Z', '2026-02-10T12:00:00.123+01:00'],
    rejects: ['2026-02-10T12: 00:00Z', 'yesterday'],
  },
  {
    name: 'an integer with bounds',
    schema: { type: 'integer', minimum: 1, maximum: 10 },
    accepts: [1, 10],
    rejects: [0, 11, 1.5, '2'],
  },
  { name: 'a string enum', schema: { type: 'string', enum: ['A', 'B'] }, accepts: ['A'], rejects: ['a', 'C'] },
  { name: 'a numeric enum', schema: { enum: [1, 2] }, accepts: [1, 2], rejects: [3, '1'] },
  { name: 'a const', schema: { const: 3001 }, accepts: [3001], rejects: [3000, '3001'] },
  {
    name: 'a nullable string (3.1 type array)',
    schema: { type: ['string', 'null'] },
    accepts: ['x', null],
    rejects: [1],
  },
  {
    name: 'a oneOf with null',
    schema: { oneOf: [{ type: 'object', additionalProperties: true }, { type: 'null' }] },
    accepts: [{ a: 1 }, null],
    rejects: ['x'],
  },
  {
    name: 'a closed object',
    schema: {
      type: 'object',
      required: ['a'],
      additionalProperties: false,
      properties: { a: { type: 'string' }, b: { type: 'integer' } },
    },
    accepts: [{ a: 'x' }, { a: 'x', b: 1 }],
    rejects: [{}, { a: 'x', c: 1 }, { a: 1 }],
  },
  {
    name: 'an open object',
    schema: { type: 'object', additionalProperties: true, properties: { a: { type: 'string' } } },
    accepts: [{ a: 'x', z: [1] }, {}],
    rejects: [{ a: 1 }],
  },
  {
    name: 'a map of strings',
    schema: { type: 'object', additionalProperties: { type: 'string', maxLength: 2 } },
    accepts: [{ a: 'xy' }],
    rejects: [{ a: 'xyz' }, { a: 1 }],
  },
  {
    name: 'an array with bounds and unique items',
    schema: { type: 'array', items: { type: 'string' }, minItems: 1, maxItems: 2, uniqueItems: true },
    accepts: [['a'], ['a', 'b']],
    rejects: [[], ['a', 'a'], ['a', 'b', 'c'], [1]],
  },
  {
    name: 'a discriminated oneOf',
    schema: {
      oneOf: [
        {
          type: 'object',
          required: ['kind', 'x'],
          additionalProperties: false,
          properties: { kind: { const: 'a' }, x: { type: 'string' } },
        },
        {
          type: 'object',
          required: ['kind', 'y'],
          additionalProperties: false,
          properties: { kind: { const: 'b' }, y: { type: 'integer' } },
        },
      ],
      discriminator: { propertyName: 'kind' },
    },
    accepts: [
      { kind: 'a', x: 's' },
      { kind: 'b', y: 1 },
    ],
    rejects: [{ kind: 'a', y: 1 }, { kind: 'c' }, {}],
  },
  {
    name: 'a property with a default',
    schema: { type: 'object', properties: { n: { type: 'integer', default: 5 } } },
    accepts: [{}, { n: 1 }],
    rejects: [{ n: 'x' }],
  },
];

describe('toZod', () => {
  it.each(cases)('converts $name so that zod and JSON Schema agree', ({ schema, accepts, rejects }) => {
    const zod = compile(toZod(schema, ctx));
    const validate = ajv.compile(schema);
    for (const value of accepts) {
      expect(validate(value), `Ajv accepts ${JSON.stringify(value)}`).toBe(true);
      expect(zod.safeParse(value).success, `zod accepts ${JSON.stringify(value)}`).toBe(true);
    }
    for (const value of rejects) {
      expect(validate(value), `Ajv rejects ${JSON.stringify(value)}`).toBe(false);
      expect(zod.safeParse(value).success, `zod rejects ${JSON.stringify(value)}`).toBe(false);
    }
  });

  it('emits every pattern as a string literal compiled with the u flag, never as a regex literal', () => {
    const source = toZod({ type: 'string', pattern: '^a/b\\d$' }, ctx);
    expect(source).toContain(`new RegExp("^a/b\\\\d$", 'u')`);
    expect(source).toContain(`.openapi({ pattern: "^a/b\\\\d$" })`);
  });

  it('coerces integer query parameters from strings only when asked to', () => {
    const coerced = compile(toZod({ type: 'integer', minimum: 1 }, { ...ctx, coerce: true }));
    expect(coerced.safeParse('2').success).toBe(true);
    expect(coerced.safeParse('0').success).toBe(false);
    expect(coerced.safeParse('1.5').success).toBe(false);
  });

  it.each([
    ['an unknown keyword', { type: 'string', contentEncoding: 'base64' }, /unsupported keyword "contentEncoding"/],
    ['an unknown format', { type: 'string', format: 'ipv7' }, /unsupported format "ipv7"/],
    ['a pattern that is invalid in Unicode mode', { type: 'string', pattern: '^\\-$' }, /Invalid/],
    [
      'a required property without a schema',
      { type: 'object', required: ['a'], properties: {} },
      /required "a" has no schema/,
    ],
  ] as const)('refuses %s instead of dropping it', (_name, schema, error) => {
    expect(() => toZod(schema as JsonSchema, ctx)).toThrow(error);
  });
});
