/**
 * Converts the JSON Schema 2020-12 subset that the contract uses into zod 4 source code.
 *
 * Why our own converter (see the README): the generators we tried emit regex *literals* without a
 * flag (so `\p{…}` patterns break and the `u` reading of Ajv and Prism is lost), do not coerce
 * integer query parameters, and only emit the success response of each operation.
 *
 * Rules:
 * - `pattern` becomes `.regex(new RegExp(<JSON string of the exact source>, 'u'))` plus
 *   `.openapi({ pattern: <source> })`: no regex-literal escaping can go wrong, the flag is stated
 *   (`u`, the ECMA-262 Unicode mode that Ajv and Prism use), and the emitted OpenAPI keeps the bare
 *   source (zod-to-openapi would otherwise append `/u`).
 * - Every keyword is either converted or an annotation on an allow-list; anything else throws, so a
 *   new keyword in the spec can never be dropped silently.
 */

export type JsonSchema = boolean | { [keyword: string]: unknown };

export interface ZodContext {
  /** Name of the generated constant for a `$ref`, such as `#/components/schemas/EmmCommand`. */
  refName(ref: string): string;
  /** Query and header parameters arrive as strings: integers and numbers are coerced. */
  coerce?: boolean;
}

const ANNOTATIONS = new Set(['title', 'description', 'examples', 'example', 'deprecated', 'readOnly', 'writeOnly']);
const HANDLED = new Set([
  '$ref',
  'type',
  'const',
  'enum',
  'oneOf',
  'anyOf',
  'discriminator',
  'properties',
  'required',
  'additionalProperties',
  'items',
  'minItems',
  'maxItems',
  'uniqueItems',
  'minLength',
  'maxLength',
  'pattern',
  'format',
  'minimum',
  'maximum',
  'exclusiveMinimum',
  'exclusiveMaximum',
  'default',
]);
const FORMATS: Record<string, string> = {
  'date-time': 'z.iso.datetime({ offset: true })',
  email: 'z.email()',
  uuid: 'z.uuid()',
};
/**
 * Formats checked by the very function Ajv uses (ajv-formats' full mode), so that the server and
 * the contract's judge agree: zod's `z.url()` follows the WHATWG URL parser, which accepts strings
 * that RFC 3986 does not (`http://a b`) and rejects URIs it does (`urn:isbn:0451450523`). The
 * generated module imports `fullFormats` (see FORMAT_IMPORT).
 */
const AJV_FORMATS: Record<string, string> = {
  uri: "z.string().refine((value) => isUri(value), { message: 'must be a URI (RFC 3986)' }).openapi({ format: 'uri' })",
};
/** What a generated module declares when it uses AJV_FORMATS. */
export const FORMAT_IMPORT =
  "import { fullFormats } from 'ajv-formats/dist/formats.js';\n\n/** Ajv's own RFC 3986 check (ajv-formats, full mode). */\nconst isUri = fullFormats.uri as (value: string) => boolean;";
/** A base-10 integer as it appears in a query string or header: no sign but `-`, no hex, no exponent. */
const DECIMAL_INTEGER = '^-?(?:0|[1-9][0-9]*)$';
const DECIMAL_NUMBER = '^-?(?:0|[1-9][0-9]*)(?:\\.[0-9]+)?$';

const lit = (value: unknown): string => JSON.stringify(value);
const pick = (s: { [keyword: string]: unknown }, keys: string[]) =>
  Object.fromEntries(keys.filter((k) => s[k] !== undefined).map((k) => [k, s[k]]));

/** Returns zod source for a schema. */
export function toZod(schema: JsonSchema, ctx: ZodContext): string {
  if (schema === true) return 'z.unknown()';
  if (schema === false) return 'z.never()';
  for (const keyword of Object.keys(schema)) {
    if (!HANDLED.has(keyword) && !ANNOTATIONS.has(keyword) && !keyword.startsWith('x-')) {
      throw new Error(
        `json-schema-to-zod: unsupported keyword "${keyword}" in ${JSON.stringify(schema).slice(0, 120)}`,
      );
    }
  }
  let out = base(schema, ctx);
  if (schema.default !== undefined) out += `.default(${lit(schema.default)})`;
  return out;
}

function base(s: { [keyword: string]: unknown }, ctx: ZodContext): string {
  if (typeof s.$ref === 'string') return ctx.refName(s.$ref);
  if (s.const !== undefined) return `z.literal(${lit(s.const)})`;
  if (Array.isArray(s.enum)) return enumOf(s.enum);

  const union = (s.oneOf ?? s.anyOf) as JsonSchema[] | undefined;
  if (union) return unionOf(union, s.discriminator as { propertyName: string } | undefined, ctx, Boolean(s.oneOf));

  const types = Array.isArray(s.type) ? (s.type as string[]) : s.type ? [s.type as string] : [];
  const nonNull = types.filter((t) => t !== 'null');
  if (types.includes('null') && nonNull.length === 1) {
    return `${typed(nonNull[0] as string, s, ctx)}.nullable()`;
  }
  if (nonNull.length > 1) throw new Error(`json-schema-to-zod: multi-type ${lit(s.type)} is not supported`);
  if (types.length === 1) return typed(types[0] as string, s, ctx);
  if (s.properties || s.additionalProperties !== undefined) return typed('object', s, ctx);
  return 'z.unknown()';
}

function enumOf(values: unknown[]): string {
  if (values.length === 0) return 'z.never()';
  if (values.every((v) => typeof v === 'string')) return `z.enum(${lit(values)})`;
  if (values.length === 1) return `z.literal(${lit(values[0])})`;
  return `z.union([${values.map((v) => `z.literal(${lit(v)})`).join(', ')}])`;
}

function unionOf(
  branches: JsonSchema[],
  discriminator: { propertyName: string } | undefined,
  ctx: ZodContext,
  exclusive: boolean,
): string {
  const isNull = (b: JsonSchema) => typeof b === 'object' && b.type === 'null' && Object.keys(b).length === 1;
  const rest = branches.filter((b) => !isNull(b));
  const nullable = rest.length < branches.length ? '.nullable()' : '';
  if (rest.length === 1) return `${toZod(rest[0] as JsonSchema, ctx)}${nullable}`;
  const members = rest.map((b) => toZod(b, ctx)).join(', ');
  // A discriminator picks one branch by a const property: with distinct consts, at most one matches.
  if (discriminator) return `z.discriminatedUnion(${lit(discriminator.propertyName)}, [${members}])${nullable}`;
  if (!exclusive) return `z.union([${members}])${nullable}`;
  // oneOf: valid against exactly one branch (JSON Schema 2020-12, 10.2.1.3), not at least one.
  // z.xor runs every branch on the raw input and passes only when exactly one succeeds.
  return `z.xor([${members}], { error: 'must match exactly one schema in oneOf' })${nullable}`;
}

function typed(type: string, s: { [keyword: string]: unknown }, ctx: ZodContext): string {
  switch (type) {
    case 'string':
      return stringOf(s);
    case 'integer':
    case 'number': {
      let out = type === 'integer' ? 'z.int()' : 'z.number()';
      if (typeof s.minimum === 'number') out += `.min(${s.minimum})`;
      if (typeof s.maximum === 'number') out += `.max(${s.maximum})`;
      if (typeof s.exclusiveMinimum === 'number') out += `.gt(${s.exclusiveMinimum})`;
      if (typeof s.exclusiveMaximum === 'number') out += `.lt(${s.exclusiveMaximum})`;
      if (!ctx.coerce) return out;
      // Query and header values are strings: read them strictly as base-10 numbers (Number() would
      // also take `0x2`, `1e1`, `+1` and the empty string), and say so when a key is repeated.
      const decimal = type === 'integer' ? DECIMAL_INTEGER : DECIMAL_NUMBER;
      const what = type === 'integer' ? 'a base-10 integer' : 'a base-10 number';
      const openapi = { type, ...pick(s, ['minimum', 'maximum', 'exclusiveMinimum', 'exclusiveMaximum', 'default']) };
      return (
        `z.string({ error: (issue) => (Array.isArray(issue.input) ? 'must be given once, not repeated' : 'must be ${what}') })` +
        `.regex(new RegExp(${lit(decimal)}), 'must be ${what}').transform(Number).pipe(${out}).openapi(${lit(openapi)})`
      );
    }
    case 'boolean':
      return 'z.boolean()';
    case 'null':
      return 'z.null()';
    case 'array': {
      let out = `z.array(${s.items === undefined ? 'z.unknown()' : toZod(s.items as JsonSchema, ctx)})`;
      if (typeof s.minItems === 'number') out += `.min(${s.minItems})`;
      if (typeof s.maxItems === 'number') out += `.max(${s.maxItems})`;
      if (s.uniqueItems === true) {
        out +=
          ".refine((items) => new Set(items.map((item) => JSON.stringify(item))).size === items.length, { message: 'items must be unique' })" +
          '.openapi({ uniqueItems: true })';
      }
      return out;
    }
    case 'object':
      return objectOf(s, ctx);
    default:
      throw new Error(`json-schema-to-zod: unknown type "${type}"`);
  }
}

function stringOf(s: { [keyword: string]: unknown }): string {
  let out = 'z.string()';
  const ajvFormat = typeof s.format === 'string' ? AJV_FORMATS[s.format] : undefined;
  if (typeof s.format === 'string' && !ajvFormat) {
    const format = FORMATS[s.format];
    if (!format) throw new Error(`json-schema-to-zod: unsupported format "${s.format}"`);
    out = format;
  }
  if (typeof s.minLength === 'number') out += `.min(${s.minLength})`;
  if (typeof s.maxLength === 'number') out += `.max(${s.maxLength})`;
  if (ajvFormat) out = `${ajvFormat.replace(/^z\.string\(\)/, out)}`;
  if (typeof s.pattern === 'string') {
    // Fail at generation time, not at import time, if the pattern is not valid in Unicode mode.
    new RegExp(s.pattern, 'u');
    out += `.regex(new RegExp(${lit(s.pattern)}, 'u')).openapi({ pattern: ${lit(s.pattern)} })`;
  }
  return out;
}

function objectOf(s: { [keyword: string]: unknown }, ctx: ZodContext): string {
  const properties = (s.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((s.required ?? []) as string[]);
  const additional = s.additionalProperties as JsonSchema | undefined;
  const names = Object.keys(properties);
  for (const name of required) {
    if (!(name in properties)) throw new Error(`json-schema-to-zod: required "${name}" has no schema`);
  }
  if (names.length === 0 && typeof additional === 'object') {
    return `z.record(z.string(), ${toZod(additional, ctx)})`;
  }
  const shape = names
    .map((name) => {
      const prop = properties[name] as JsonSchema;
      let value = toZod(prop, ctx);
      const hasDefault = typeof prop === 'object' && prop.default !== undefined;
      if (!required.has(name) && !hasDefault) value += '.optional()';
      return `${lit(name)}: ${value}`;
    })
    .join(', ');
  const body = `{ ${shape} }`;
  if (additional === false) return `z.strictObject(${body})`;
  if (additional === true) return `z.looseObject(${body})`;
  if (typeof additional === 'object') return `z.object(${body}).catchall(${toZod(additional, ctx)})`;
  return `z.object(${body})`;
}
