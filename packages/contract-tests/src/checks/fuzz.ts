/**
 * Property-based fuzzing with fast-check, driven by the spec: random operations with valid, mutated
 * or random path parameters, query strings, bodies, content types and tokens. Seeded (`--seed`
 * replays a run): no 5xx and no response that breaks the contract.
 */
import { negatives, positives } from '@device-commands/spec';
import fc from 'fast-check';
import { ReadOnlyRefusal } from '../http.ts';
import type { Check, FamilyRuntime } from '../runner.ts';
import { fillPath, operations, pointer, validBody } from './shared.ts';

export function fuzzChecks(runs: number, seed: number): Check[] {
  return [...new Set(operations.map((o) => o.family.id))].map((f) => ({
    id: `fuzz.${f}`,
    group: 'fuzz',
    name: `${f}: ${runs} generated requests (seed ${seed}) get no 5xx and no response that breaks the contract`,
    family: f,
    kind: 'behaviour' as const,
    // Every operation of the family: its parameters, request body and documented responses.
    demands: operations.filter((o) => o.family.id === f).map((o) => pointer('paths', o.path, o.method)),
    needs: ['token:full'],
    run: async (t) => {
      const family = t.family(f);
      const ops = operations.filter(
        (o) => o.family.id === f && o.parameters.every((p) => p.in !== 'path' || family.path[p.name]),
      );
      if (ops.length === 0) return;
      const arbitrary = requests(family, ops, t.random);
      await fc.assert(
        fc.asyncProperty(arbitrary, async (r) => {
          try {
            await t.send(f, {
              method: r.method,
              path: `${r.path}${r.query}`,
              token: r.token,
              ...(r.body === undefined
                ? {}
                : { rawBody: JSON.stringify(r.body), headers: { 'content-type': r.contentType } }),
            });
          } catch (error) {
            // A read-only run never sends the unsafe ones: nothing was sent, so there is nothing to judge.
            if (!(error instanceof ReadOnlyRefusal)) throw error;
          }
        }),
        { seed, numRuns: Math.max(1, Math.round(runs / 2)), endOnFailure: true },
      );
    },
  }));
}

function requests(family: FamilyRuntime, ops: typeof operations, random: () => number) {
  const tokens = Object.values(family.config.tokens ?? {});
  const token = fc.oneof(
    { weight: 6, arbitrary: fc.constant(family.token('full')) },
    { weight: 1, arbitrary: fc.constantFrom<string | null>(null, 'bogus-token-0000000000', ...tokens) },
  );
  const pathValue = (name: string, schema: { pattern?: string }) => {
    const valid = [family.path[name] ?? '', ...positives(schema, 4, random)];
    return fc.oneof(
      { weight: 5, arbitrary: fc.constantFrom(...valid) },
      { weight: 2, arbitrary: fc.constantFrom(...negatives(valid[0] ?? 'a')) },
      {
        weight: 1,
        arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }).filter((s) => s !== '.' && s !== '..'),
      },
    );
  };
  const query = (names: string[]) =>
    names.length === 0
      ? fc.constant('')
      : fc.oneof(
          fc.constant(''),
          fc
            .dictionary(
              fc.constantFrom(...names),
              fc.oneof(fc.integer({ min: -2, max: 150 }).map(String), fc.string({ maxLength: 12 })),
            )
            .map((q) => `?${new URLSearchParams(q)}`),
        );
  return fc.oneof(
    ...ops.map(({ path, method, operation, parameters }) => {
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
      return fc.record({
        method: fc.constant(method.toUpperCase()),
        path: fc.record(params).map((values) => fillPath(path, family, values as Record<string, string>)),
        query: query(parameters.filter((p) => p.in === 'query').map((p) => p.name)),
        token,
        body,
        contentType: fc.constantFrom('application/json', 'application/json; charset=utf-8', 'text/plain'),
      });
    }),
  );
}
