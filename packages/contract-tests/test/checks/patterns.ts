/**
 * Check 3: for every path-parameter pattern, samples generated from the regex (randexp) are accepted
 * and mutations are rejected with the family's validation envelope, and the server and Ajv agree on
 * every sample.
 */
import { createSpecAjv, loadDereferencedSpec, operationsOf, type Parameter } from '@device-commands/spec';
import randexp from 'randexp';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, errorCode, familyOf, fillPath, VALIDATION } from '../support/context.ts';
import { SEED, seeded } from '../support/random.ts';
import { validBody } from './bodies.ts';

const spec = loadDereferencedSpec();
const ajv = createSpecAjv();

// randexp is CommonJS: under Node's ESM its default import is the class itself.
interface Generator {
  max: number;
  randInt: (from: number, to: number) => number;
  gen(): string;
}
const RandExp = randexp as unknown as new (pattern: RegExp) => Generator;

/** Positive samples generated from the pattern, with a seeded random source. */
export function positives(
  schema: { pattern?: string; maxLength?: number },
  count: number,
  random: () => number,
): string[] {
  if (!schema.pattern) return [];
  const generator = new RandExp(new RegExp(schema.pattern, 'u'));
  generator.max = 12;
  generator.randInt = (from: number, to: number) => from + Math.floor(random() * (to - from + 1));
  const validate = ajv.compile(schema);
  const out = new Set<string>();
  for (let i = 0; out.size < count && i < count * 10; i++) {
    const sample = generator.gen();
    if (validate(sample)) out.add(sample);
  }
  return [...out];
}

/** Negative samples: length ±1, a foreign character at each position, blanks, look-alikes, separators. */
export function negatives(valid: string): string[] {
  const out = new Set<string>([
    valid.slice(0, -1),
    `${valid}${valid.at(-1) ?? 'a'}${'x'.repeat(200)}`,
    ' ',
    `${valid} `,
    ` ${valid}`,
    '\t',
    'ab\\c',
    `${valid}/x`,
    '%',
    '\u00a0',
  ]);
  out.add(`${valid}${valid.at(-1) ?? 'a'}`);
  const foreign = ['!', ' ', 'Ñ', '\u212a', '\u017f', '０', '/', '\\', '.', '\u0430'];
  for (let i = 0; i < valid.length; i++)
    out.add(valid.slice(0, i) + (foreign[i % foreign.length] ?? '!') + valid.slice(i + 1));
  // Empty values are a check of their own (below): Prism's proxy collapses an empty path segment.
  return [...out].filter((s) => s !== '' && s !== '.' && s !== '..');
}

interface Case {
  body: unknown;
  id: string;
  parameter: string;
  sample: string;
  path: string;
  method: string;
  family: 'android' | 'graph';
  ajvValid: boolean;
}

const random = seeded(SEED);
const cases: Case[] = operationsOf(spec).flatMap(({ path, method, operation, parameters }) =>
  parameters
    .filter((p: Parameter) => p.in === 'path')
    .flatMap((p) => {
      const schema = p.schema as { pattern?: string };
      const validate = ajv.compile(schema);
      const pos = positives(schema, 8, random);
      const neg = [...new Set(pos.slice(0, 2).flatMap(negatives))];
      return [...pos, ...neg].map((sample) => ({
        body: validBody(operation),
        id: operation.operationId,
        parameter: p.name,
        sample,
        path,
        method: method.toUpperCase(),
        family: familyOf(path),
        ajvValid: Boolean(validate(sample)),
      }));
    }),
);

export function patternChecks(ctx: Context) {
  describe('3. path-parameter patterns', () => {
    it('generate accepted and rejected samples for every path parameter of every operation', () => {
      expect(cases.filter((c) => c.ajvValid).length).toBeGreaterThan(100);
      expect(cases.filter((c) => !c.ajvValid).length).toBeGreaterThan(500);
    });

    it.each(cases.map((c) => [c.id, c.parameter, c.sample, c.ajvValid ? 'accepted' : 'rejected', c] as const))(
      '%s %s %j is %s, by the server as by Ajv',
      async (_id, _param, _sample, _verdict, c) => {
        const res = await ctx.oracle.send(c.family, {
          method: c.method,
          path: fillPath(c.path, { [c.parameter]: c.sample }),
          token: adminToken(c.family),
          ...(c.body === undefined ? {} : { body: c.body }),
        });
        const rejected = res.status === 400 && errorCode(res.body) === VALIDATION[c.family];
        if (c.ajvValid)
          expect(rejected, `the server rejects ${JSON.stringify(c.sample)} which Ajv accepts`).toBe(false);
        else
          expect([res.status, errorCode(res.body)], `the server must reject ${JSON.stringify(c.sample)}`).toEqual([
            400,
            VALIDATION[c.family],
          ]);
      },
    );

    it.each(
      operationsOf(spec)
        .filter((o) => o.parameters.some((p) => p.in === 'path'))
        .map((o) => [o.operation.operationId, o] as const),
    )(
      '%s: an empty path parameter is a validation error of the operation',
      async (_id, { path, method, parameters, operation }) => {
        const family = familyOf(path);
        const name = parameters.filter((p) => p.in === 'path').at(-1)?.name ?? '';
        const body = validBody(operation);
        const res = await ctx.oracle.send(family, {
          method: method.toUpperCase(),
          path: fillPath(path, { [name]: '' }),
          token: adminToken(family),
          ...(body === undefined ? {} : { body }),
          bypassPrism: 'prism proxy collapses the empty segment (`//`) before forwarding',
        });
        expect([res.status, errorCode(res.body)]).toEqual([400, VALIDATION[family]]);
      },
    );
  });
}
