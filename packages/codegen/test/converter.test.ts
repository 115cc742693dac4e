/**
 * Our JSON Schema → zod converter, table-driven: each schema is converted, the source is evaluated,
 * and the result must accept and reject what JSON Schema (checked by Ajv 2020) accepts and rejects.
 */
import { createSpecAjv } from '@device-commands/spec';
import { z } from '@hono/zod-openapi';
import { fullFormats } from 'ajv-formats/dist/formats.js';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, toZod } from '../src/json-schema-to-zod.ts';

const ajv = createSpecAjv();
const ctx = { refName: (ref: string) => ref.split('/').pop() ?? '' };
// The generated module imports ajv-formats' fullFormats for `format: uri` (FORMAT_IMPORT).
const compile = (source: string) => new Function('z', 'isUri', `return ${source};`)(z, fullFormats.uri) as z.ZodType;

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
    name: 'a oneOf whose branches overlap (exactly one must match, not at least one)',
    schema: { oneOf: [{ type: 'integer' }, { type: 'number', minimum: 0 }] },
    accepts: [-1, 0.5, 2.25],
    rejects: [1, 0, 'x', null],
  },
  {
    name: 'a oneOf of objects that both accept an empty object',
    schema: {
      oneOf: [
        { type: 'object', properties: { a: { type: 'string' } } },
        { type: 'object', properties: { b: { type: 'string' } } },
      ],
    },
    accepts: [{ a: 1 }, { b: 1 }],
    rejects: [{}, { a: 'x', b: 'y' }, { a: 1, b: 1 }],
  },
  {
    name: 'a URI (RFC 3986, as Ajv checks it)',
    schema: { type: 'string', format: 'uri', maxLength: 40 },
    accepts: [
      'https://bing.com',
      'urn:isbn:0451450523',
      'mailto:ana@example.com',
      'ms-settings:network',
      'http://[::1]:8080/x?y#z',
    ],
    rejects: ['http://a b', 'bing.com', '//bing.com/x', '', 'https://bing.com/é', `https://${'x'.repeat(40)}.com`],
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

  const integerQuery = { type: 'integer', minimum: 1, maximum: 100 } as const;
  it.each([
    ['2', true, ''],
    ['100', true, ''],
    ['0', false, 'Too small'],
    ['101', false, 'Too big'],
    ['1.5', false, 'must be a base-10 integer'],
    ['0x2', false, 'must be a base-10 integer'],
    ['1e1', false, 'must be a base-10 integer'],
    ['+1', false, 'must be a base-10 integer'],
    ['01', false, 'must be a base-10 integer'],
    [' 1', false, 'must be a base-10 integer'],
    ['', false, 'must be a base-10 integer'],
    ['Infinity', false, 'must be a base-10 integer'],
    [['1', '2'], false, 'must be given once, not repeated'],
  ] as const)('reads the integer query value %j strictly: accepted %s %s', (value, accepted, message) => {
    const coerced = compile(toZod(integerQuery, { ...ctx, coerce: true }));
    const result = coerced.safeParse(value);
    expect(result.success).toBe(accepted);
    if (accepted) {
      // What the server reads is what Ajv validates: the same number, accepted by the same schema.
      expect(result.data).toBe(Number(value));
      expect(ajv.validate(integerQuery, result.data)).toBe(true);
    } else {
      expect(result.error?.issues.map((i) => i.message).join('; ')).toContain(message);
    }
  });

  it('leaves integers in bodies as JSON numbers (no string coercion)', () => {
    const body = compile(toZod(integerQuery, ctx));
    expect([body.safeParse(2).success, body.safeParse('2').success]).toEqual([true, false]);
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
