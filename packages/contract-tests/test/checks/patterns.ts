/**
 * Check 3: for every path-parameter pattern, samples generated from the regex (randexp) are accepted
 * and mutations are rejected with the family's validation envelope, and the server and Ajv agree on
 * every sample.
 */
import type { FamilyId } from '@device-commands/server';
import { loadDereferencedSpec, operationsOf, type Parameter, patternSamples, seeded } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, errorCode, fillPath, VALIDATION } from '../support/context.ts';
import { SEED } from '../support/random.ts';
import { validBody } from './bodies.ts';

const spec = loadDereferencedSpec();

interface Case {
  body: unknown;
  id: string;
  parameter: string;
  sample: string;
  path: string;
  method: string;
  family: FamilyId;
  ajvValid: boolean;
}

const random = seeded(SEED);
const cases: Case[] = operationsOf(spec).flatMap(({ path, method, operation, parameters, family }) =>
  parameters
    .filter((p: Parameter) => p.in === 'path')
    .flatMap((p) =>
      patternSamples(p.schema as object, { count: 8, random }).map(({ value, valid }) => ({
        body: validBody(operation),
        id: operation.operationId,
        parameter: p.name,
        sample: value,
        path,
        method: method.toUpperCase(),
        family: family.id as FamilyId,
        ajvValid: valid,
      })),
    ),
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
      async (_id, { path, method, parameters, operation, family: declared }) => {
        const family = declared.id as FamilyId;
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
