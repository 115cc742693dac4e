/**
 * Request bodies: a negative case for every enum, required field, maxLength, pattern, format and type,
 * nested ones included (each rejected with 400 and the family's validation code); each named example
 * accepted; malformed JSON 400, a wrong content type 415, a body over the declared size 413; and the
 * contract's other input limits (`x-input-limits`: depth, members, items, string length), one past
 * each, placed where the schema is open when it has such a place: 400, never a 5xx.
 */
import { createSpecAjv, inputLimitsOf } from '@device-commands/spec';
import type { Check } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, pathNeeds, pointer, spec } from './shared.ts';

const VALIDATION = 'openapi/README.md#validation-failures-decided-once-for-both-families';

const limits = inputLimitsOf(spec);

/** One value past each JSON limit of the contract. */
const PAST_LIMITS: { limit: string; value: () => unknown }[] = [
  {
    limit: `nesting deeper than ${limits.maxJsonDepth}`,
    value: () => {
      let v: unknown = [];
      for (let i = 0; i < limits.maxJsonDepth; i++) v = [v];
      return v;
    },
  },
  {
    limit: `an object of more than ${limits.maxObjectKeys} members`,
    value: () => Object.fromEntries(Array.from({ length: limits.maxObjectKeys + 1 }, (_, i) => [`k${i}`, i])),
  },
  {
    limit: `an array of more than ${limits.maxArrayItems} items`,
    value: () => Array(limits.maxArrayItems + 1).fill(0),
  },
  { limit: `a string longer than ${limits.maxStringLength}`, value: () => 'x'.repeat(limits.maxStringLength + 1) },
];

/** The example with `value` put into its first open object member (else at the top level). */
function withValueInOpenPlace(schema: Schema, example: Record<string, unknown>, value: unknown): unknown {
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  for (const [name, s] of Object.entries(properties)) {
    const member = example[name];
    if (s.type === 'object' && s.additionalProperties !== false && member && typeof member === 'object')
      return { ...example, [name]: { ...(member as Record<string, unknown>), zzLimit: value } };
  }
  return { ...example, zzLimit: value };
}

const ajv = createSpecAjv();
type Schema = Record<string, unknown>;

const wrongType = (s: Schema): unknown =>
  s.type === 'string' || s.const !== undefined || s.enum
    ? 12345
    : s.type === 'array'
      ? 'not-an-array'
      : s.type === 'object'
        ? 'not-an-object'
        : 'not-a-number';

/** Mutations of a valid object body that each break exactly one rule of its schema. */
function bodyNegatives(schema: Schema, valid: Record<string, unknown>, at = ''): { rule: string; body: unknown }[] {
  const out: { rule: string; body: unknown }[] = [];
  const properties = (schema.properties ?? {}) as Record<string, Schema>;
  const required = (schema.required ?? []) as string[];
  const set = (name: string, value: unknown) => ({ ...valid, [name]: value });
  for (const name of required) {
    const { [name]: _dropped, ...rest } = valid;
    out.push({ rule: `${at}/${name} is required`, body: rest });
  }
  if (schema.additionalProperties === false)
    out.push({ rule: `${at} rejects unknown properties`, body: set('unexpectedProperty', true) });
  for (const [name, s] of Object.entries(properties)) {
    const path = `${at}/${name}`;
    out.push({ rule: `${path} has the wrong type`, body: set(name, wrongType(s)) });
    if (Array.isArray(s.enum)) out.push({ rule: `${path} is not one of the enum`, body: set(name, 'NOT_A_VALUE') });
    if (s.const !== undefined) out.push({ rule: `${path} is not the const`, body: set(name, `${String(s.const)}x`) });
    if (typeof s.maxLength === 'number')
      out.push({ rule: `${path} is longer than ${s.maxLength}`, body: set(name, 'a'.repeat(s.maxLength + 1)) });
    if (typeof s.minLength === 'number' && s.minLength > 0)
      out.push({ rule: `${path} is shorter than ${s.minLength}`, body: set(name, '') });
    if (typeof s.pattern === 'string') out.push({ rule: `${path} breaks its pattern`, body: set(name, '!!') });
    if (s.format === 'uri') out.push({ rule: `${path} is not a URI`, body: set(name, 'not a uri') });
    if (s.type === 'array') {
      const items = (s.items ?? {}) as Schema;
      if (Array.isArray(items.enum))
        out.push({ rule: `${path} has an item outside the enum`, body: set(name, ['NOT_A_VALUE']) });
      if (typeof s.maxItems === 'number')
        out.push({
          rule: `${path} has more than ${s.maxItems} items`,
          body: set(
            name,
            Array.from({ length: s.maxItems + 1 }, (_, i) => (items.enum as string[] | undefined)?.[0] ?? `a.b${i}`),
          ),
        });
      if (typeof s.minItems === 'number' && s.minItems > 0)
        out.push({ rule: `${path} has fewer than ${s.minItems} items`, body: set(name, []) });
    }
    if (s.type === 'object' && s.properties) {
      const inner = (valid[name] as Record<string, unknown> | undefined) ?? minimal(s);
      for (const n of bodyNegatives(s, inner, path)) out.push({ rule: n.rule, body: set(name, n.body) });
    }
  }
  return out;
}

/** A minimal valid value of an object schema (its required properties, from the spec's shapes). */
function minimal(s: Schema): Record<string, unknown> {
  const props = (s.properties ?? {}) as Record<string, Schema>;
  const value: Record<string, unknown> = {};
  for (const name of (s.required ?? []) as string[]) {
    const p = props[name] ?? {};
    value[name] =
      p.type === 'array'
        ? ['com.example.app']
        : p.type === 'object'
          ? {}
          : ((p.enum as unknown[] | undefined)?.[0] ?? '89049032000000000000000000000000'.slice(0, 20));
  }
  return value;
}

const bodyOps = operations.filter((o) => o.operation.requestBody);

export function bodyChecks(): Check[] {
  const checks: Check[] = [];
  for (const { path, method, operation, family } of bodyOps) {
    const f = family.id;
    const content = operation.requestBody?.content['application/json'];
    const schema = content?.schema as Schema;
    const variants = (schema.oneOf as Schema[] | undefined) ?? [schema];
    const examples = Object.entries(content?.examples ?? {});
    const send = (t: Parameters<Check['run']>[0], request: object) =>
      t.send(f, {
        method: method.toUpperCase(),
        path: fillPath(path, t.family(f)),
        token: t.family(f).token('full'),
        ...request,
      });
    const needs = [...pathNeeds(path), 'token:full'];
    for (const variant of variants) {
      const valid = (examples.map(([, e]) => e.value).find((e) => Boolean(ajv.validate(variant, e))) ?? {}) as Record<
        string,
        unknown
      >;
      for (const n of bodyNegatives(variant, valid)) {
        if (ajv.validate(schema, n.body)) continue; // another branch of the oneOf accepts it
        checks.push({
          id: `bodies.${operation.operationId}.${(variant.title as string) ?? 'body'}.${n.rule}`,
          group: 'bodies',
          name: `${operation.operationId} (${(variant.title as string) ?? 'body'}): ${n.rule} → 400`,
          family: f,
          operationId: operation.operationId,
          kind: 'behaviour',
          demands: [pointer('paths', path, method, 'requestBody'), ERROR_CODES],
          needs,
          run: async (t) => t.expectAnswer(await send(t, { body: n.body }), 400, codes(f).validation),
        });
      }
    }
    for (const [name, example] of examples) {
      checks.push({
        id: `bodies.${operation.operationId}.example.${name}`,
        group: 'bodies',
        name: `${operation.operationId} accepts its named example "${name}"`,
        family: f,
        operationId: operation.operationId,
        kind: 'schema',
        demands: [pointer('paths', path, method, 'requestBody', 'content', 'application/json', 'examples', name)],
        needs,
        run: async (t) => {
          const res = await send(t, { body: example.value });
          t.expect(res.status < 300, true, `${operation.operationId} with example "${name}" → ${res.status}`);
        },
      });
    }
    checks.push({
      id: `bodies.${operation.operationId}.malformed`,
      group: 'bodies',
      name: `${operation.operationId}: malformed JSON → 400`,
      family: f,
      operationId: operation.operationId,
      kind: 'behaviour',
      demands: [pointer('paths', path, method, 'requestBody'), VALIDATION],
      needs,
      run: async (t) => {
        const res = await send(t, {
          rawBody: '{"type":',
          headers: { 'content-type': 'application/json' },
          bypassPrism: 'prism proxy never answers malformed JSON',
        });
        t.expectAnswer(res, 400, codes(f).validation);
      },
    });
    checks.push({
      id: `bodies.${operation.operationId}.media-type`,
      group: 'bodies',
      name: `${operation.operationId}: a text/plain body → 415`,
      family: f,
      operationId: operation.operationId,
      kind: 'behaviour',
      demands: [pointer('paths', path, method, 'responses', '415'), ERROR_CODES],
      needs,
      run: async (t) => {
        const res = await send(t, { rawBody: 'type=LOCK', headers: { 'content-type': 'text/plain' } });
        t.expectAnswer(res, 415, codes(f).unsupportedMediaType);
      },
    });
    for (const variant of variants) {
      const example = examples.map(([, e]) => e.value).find((e) => Boolean(ajv.validate(variant, e))) as
        | Record<string, unknown>
        | undefined;
      if (!example) continue;
      for (const past of PAST_LIMITS)
        checks.push({
          id: `bodies.${operation.operationId}.${(variant.title as string) ?? 'body'}.limit.${past.limit}`,
          group: 'bodies',
          name: `${operation.operationId} (${(variant.title as string) ?? 'body'}): ${past.limit} → 400`,
          family: f,
          operationId: operation.operationId,
          kind: 'behaviour',
          demands: ['#/x-input-limits', ERROR_CODES],
          needs,
          run: async (t) =>
            t.expectAnswer(
              await send(t, { body: withValueInOpenPlace(variant, example, past.value()) }),
              400,
              codes(f).validation,
            ),
        });
    }
    checks.push({
      id: `bodies.${operation.operationId}.too-large`,
      group: 'bodies',
      name: `${operation.operationId}: a body over ${limits.maxBodyBytes} bytes → 413`,
      family: f,
      operationId: operation.operationId,
      kind: 'behaviour',
      demands: ['#/x-input-limits', pointer('paths', path, method, 'responses', '413'), ERROR_CODES],
      needs,
      run: async (t) => {
        const res = await send(t, { body: { type: 'LOCK', padding: 'x'.repeat(limits.maxBodyBytes) } });
        t.expectAnswer(res, 413, codes(f).payloadTooLarge);
      },
    });
  }
  return checks;
}
