/**
 * For every path-parameter pattern, samples generated from the regex (seeded) are accepted and
 * mutations are rejected with the family's validation envelope; the implementation and Ajv agree on
 * every sample. An empty path parameter is a validation error of the operation too.
 */
import { type Parameter, patternSamples } from '@device-commands/spec';
import type { Check } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, pathNeeds, pointer, validBody } from './shared.ts';

export function patternChecks(random: () => number, samplesPerPattern: number): Check[] {
  const checks: Check[] = [];
  for (const { path, method, operation, parameters, family } of operations) {
    const f = family.id;
    const body = validBody(operation);
    /** The operation with one path parameter set to `value`, everything else valid. */
    const sendWith = (t: Parameters<Check['run']>[0], name: string, value: string, extra: object = {}) =>
      t.send(f, {
        method: method.toUpperCase(),
        path: fillPath(path, t.family(f), { [name]: value }),
        token: t.family(f).token('full'),
        ...(body === undefined ? {} : { body }),
        ...extra,
      });
    for (const p of parameters.filter((x: Parameter) => x.in === 'path')) {
      for (const { value, valid } of patternSamples(p.schema as object, { count: samplesPerPattern, random })) {
        checks.push({
          id: `patterns.${operation.operationId}.${p.name}.${JSON.stringify(value)}`,
          group: 'patterns',
          name: `${operation.operationId} ${p.name} ${JSON.stringify(value)} is ${valid ? 'accepted' : 'rejected (400)'}, as Ajv says`,
          family: f,
          operationId: operation.operationId,
          kind: 'behaviour',
          // The parameter's pattern (and, refused, the family's validation code).
          demands: [pointer('paths', path, 'parameters'), ERROR_CODES],
          needs: [...pathNeeds(path), 'token:full'],
          run: async (t) => {
            const res = await sendWith(t, p.name, value);
            const rejected =
              res.status === 400 && (res.body as { error?: { code?: unknown } })?.error?.code === codes(f).validation;
            if (valid)
              t.expect(rejected, false, `${p.name} ${JSON.stringify(value)} matches the pattern, but was rejected`);
            else t.expectAnswer(res, 400, codes(f).validation);
          },
        });
      }
    }
    const last = parameters.filter((p) => p.in === 'path').at(-1)?.name;
    if (!last) continue;
    checks.push({
      id: `patterns.${operation.operationId}.empty`,
      group: 'patterns',
      name: `${operation.operationId}: an empty ${last} is a validation error of the operation (400)`,
      family: f,
      operationId: operation.operationId,
      kind: 'behaviour',
      demands: [pointer('paths', path, 'parameters'), ERROR_CODES],
      needs: [...pathNeeds(path), 'token:full'],
      run: async (t) => {
        const res = await sendWith(t, last, '', {
          bypassPrism: 'prism proxy collapses the empty segment (`//`) before forwarding',
        });
        t.expectAnswer(res, 400, codes(f).validation);
      },
    });
  }
  return checks;
}
