/**
 * Check 8: property-based fuzzing with fast-check, driven by the spec: random operations with
 * valid, mutated or random path parameters, query strings, bodies, content types and tokens.
 * Seeded (FUZZ_SEED) and sized (FUZZ_RUNS, default 1,000): zero 5xx and zero response violations.
 */
import { createSpecAjv, loadDereferencedSpec, negatives, operationsOf, positives } from '@device-commands/spec';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, familyOf, fillPath, TOKENS, VALID_PATH } from '../support/context.ts';
import { FUZZ_RUNS, SEED } from '../support/random.ts';
import { validBody } from './bodies.ts';

const spec = loadDereferencedSpec();
const ajv = createSpecAjv();
const ops = operationsOf(spec);

const token = (family: 'android' | 'graph') =>
  fc.oneof(
    { weight: 6, arbitrary: fc.constant(adminToken(family)) },
    {
      weight: 1,
      arbitrary: fc.constantFrom<string | null>(
        null,
        'bogus-token-0000000000',
        TOKENS.androidViewer,
        TOKENS.graphNothing,
        TOKENS.androidOther,
      ),
    },
  );

const pathValue = (name: string, schema: { pattern?: string }) => {
  const valid = [VALID_PATH[name] ?? '', ...positives(schema, 4, Math.random)];
  return fc.oneof(
    { weight: 5, arbitrary: fc.constantFrom(...valid) },
    { weight: 2, arbitrary: fc.constantFrom(...negatives(valid[0] ?? 'a')) },
    {
      weight: 1,
      arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s !== '.' && s !== '..'),
    },
  );
};

const query = fc.oneof(
  fc.constant(''),
  fc
    .record(
      {
        page: fc.oneof(fc.integer({ min: -2, max: 5 }).map(String), fc.string()),
        limit: fc.oneof(fc.integer({ min: 0, max: 150 }).map(String), fc.string()),
        sort: fc.constantFrom('createdAt', 'updatedAt:asc', 'createdAt:desc', 'name', '', 'createdAt:DESC'),
      },
      { requiredKeys: [] },
    )
    .map((q) => `?${new URLSearchParams(q as Record<string, string>)}`),
);

const requests = fc.oneof(
  ...ops.map(({ path, method, operation, parameters }) => {
    const family = familyOf(path);
    const params = Object.fromEntries(
      parameters
        .filter((p) => p.in === 'path')
        .map((p) => [p.name, pathValue(p.name, p.schema as { pattern?: string })]),
    );
    const example = validBody(operation);
    const body = operation.requestBody
      ? fc.oneof(
          { weight: 4, arbitrary: fc.constant(example) },
          {
            weight: 3,
            arbitrary: fc
              .tuple(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 2 }))
              .map(([k, v]) => ({ ...(example as object), [k || 'x']: v })),
          },
          { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
        )
      : fc.constant(undefined);
    const contentType = fc.constantFrom(
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/merge-patch+json',
    );
    return fc.record({
      family: fc.constant(family),
      operationId: fc.constant(operation.operationId),
      method: fc.constant(method.toUpperCase()),
      path: fc.record(params).map((values) => fillPath(path, values as Record<string, string>)),
      query: path.endsWith('/commands') && method === 'get' ? query : fc.constant(''),
      token: token(family),
      body,
      contentType,
    });
  }),
);

export function fuzzChecks(ctx: Context) {
  describe('8. property-based fuzzing', () => {
    it(`answers ${FUZZ_RUNS} generated requests (seed ${SEED}) with no 5xx and no response violation`, async () => {
      let sent = 0;
      let rejectedByAjv = 0;
      await fc.assert(
        fc.asyncProperty(requests, async (r) => {
          sent++;
          const schema = ops.find((o) => o.operation.operationId === r.operationId)?.operation.requestBody?.content[
            'application/json'
          ]?.schema;
          if (r.body !== undefined && schema && !ajv.validate(schema, r.body)) rejectedByAjv++;
          const res = await ctx.oracle.send(r.family, {
            method: r.method,
            path: `${r.path}${r.query}`,
            token: r.token,
            ...(r.body === undefined
              ? {}
              : { rawBody: JSON.stringify(r.body), headers: { 'content-type': r.contentType } }),
          });
          expect(res.status).toBeLessThan(500);
        }),
        { seed: SEED, numRuns: FUZZ_RUNS, endOnFailure: true },
      );
      console.log(
        `fuzzing: ${sent} requests, seed ${SEED} (replay with FUZZ_SEED=${SEED}); ${rejectedByAjv} bodies were invalid by design`,
      );
      expect(sent).toBeGreaterThanOrEqual(FUZZ_RUNS);
    }, 600_000);
  });
}
