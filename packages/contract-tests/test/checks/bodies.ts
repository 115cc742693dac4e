/** Check 4: every enum, required field, maxLength, pattern and type in request bodies has a negative case. */
import { createSpecAjv, loadDereferencedSpec, type Operation, operationsOf } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, errorCode, familyOf, fillPath, VALIDATION } from '../support/context.ts';

const spec = loadDereferencedSpec();
const ajv = createSpecAjv();
type Schema = Record<string, unknown>;

/** The first named example of an operation's request body. */
export function validBody(op: Operation): unknown {
  return Object.values(op.requestBody?.content['application/json']?.examples ?? {})[0]?.value;
}

const wrongType = (s: Schema): unknown =>
  s.type === 'string' || s.const !== undefined || s.enum
    ? 12345
    : s.type === 'array'
      ? 'not-an-array'
      : s.type === 'object'
        ? 'not-an-object'
        : 'not-a-number';

/** Mutations of a valid object body that each break exactly one rule of its schema. */
export function bodyNegatives(
  schema: Schema,
  valid: Record<string, unknown>,
  at = '',
): { rule: string; body: unknown }[] {
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

const bodyOps = operationsOf(spec).filter((o) => o.operation.requestBody);

export function bodyChecks(ctx: Context) {
  describe('4. request bodies', () => {
    const cases = bodyOps.flatMap(({ path, method, operation }) => {
      const schema = operation.requestBody?.content['application/json']?.schema as Schema;
      const variants = (schema.oneOf as Schema[] | undefined) ?? [schema];
      const examples = Object.values(operation.requestBody?.content['application/json']?.examples ?? {}).map(
        (e) => e.value as Record<string, unknown>,
      );
      return variants.flatMap((variant) => {
        const valid = examples.find((e) => Boolean(ajv.validate(variant, e))) ?? {};
        return bodyNegatives(variant, valid).map((n) => ({
          id: operation.operationId,
          path,
          method,
          ...n,
          variant: (variant.title as string) ?? '',
        }));
      });
    });

    it('has a negative case for every rule of every request body', () => {
      expect(cases.length).toBeGreaterThan(60);
    });

    it.each(cases)('$id ($variant): $rule → 400', async (c) => {
      const family = familyOf(c.path);
      const full = operationsOf(spec).find((o) => o.operation.operationId === c.id)?.operation.requestBody?.content[
        'application/json'
      ]?.schema as object;
      expect(ajv.validate(full, c.body), 'Ajv also rejects the body').toBe(false);
      const res = await ctx.oracle.send(family, {
        method: c.method.toUpperCase(),
        path: fillPath(c.path),
        token: adminToken(family),
        body: c.body,
      });
      expect([res.status, errorCode(res.body)]).toEqual([400, VALIDATION[family]]);
    });

    it.each(
      bodyOps.flatMap(({ path, method, operation }) =>
        Object.entries(operation.requestBody?.content['application/json']?.examples ?? {}).map(([name, ex]) => ({
          id: operation.operationId,
          name,
          path,
          method,
          body: ex.value,
        })),
      ),
    )('$id accepts its named example "$name"', async (c) => {
      const family = familyOf(c.path);
      const res = await ctx.oracle.send(family, {
        method: c.method.toUpperCase(),
        path: fillPath(c.path),
        token: adminToken(family),
        body: c.body,
      });
      expect(res.status).toBeLessThan(300);
    });

    it.each(bodyOps.map((o) => [o.operation.operationId, o] as const))(
      '%s: malformed JSON → 400, wrong content type → 415, over 64 KiB → 413',
      async (_id, { path, method }) => {
        const family = familyOf(path);
        const send = (request: object) =>
          ctx.oracle.send(family, {
            method: method.toUpperCase(),
            path: fillPath(path),
            token: adminToken(family),
            ...request,
          });
        const malformed = await send({
          rawBody: '{"type":',
          headers: { 'content-type': 'application/json' },
          bypassPrism: 'prism proxy never answers malformed JSON',
        });
        expect([malformed.status, errorCode(malformed.body)]).toEqual([400, VALIDATION[family]]);
        const text = await send({ rawBody: 'type=LOCK', headers: { 'content-type': 'text/plain' } });
        expect([text.status, errorCode(text.body)]).toEqual([415, family === 'android' ? 1004 : 'notSupported']);
        const big = await send({ body: { type: 'LOCK', padding: 'x'.repeat(70 * 1024) } });
        expect([big.status, errorCode(big.body)]).toEqual([413, family === 'android' ? 1005 : 'invalidRequest']);
      },
    );
  });
}
