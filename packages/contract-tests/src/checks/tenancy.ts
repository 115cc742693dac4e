/**
 * Another tenant's objects (an organization's, a user's) are unreachable through any path: with
 * their ids, with one's own organization and device but a foreign command id, and with the other
 * tenant's token on one's own ids. The answer is the 404 an unknown id gets (status, code and the
 * envelope's shape: what the contract fixes, openapi/README.md "Error codes": 404 3001 "also for another
 * organization's ids", Graph itemNotFound), and names nothing of the
 * other tenant that the request did not, so that nothing leaks whether the object exists.
 */
import { positives, seeded } from '@device-commands/spec';
import type { Check, T } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, parametersOf, pathNeeds, pointer, validBody } from './shared.ts';

/**
 * What the contract fixes of an error answer, beyond its status and code: its shape (the members and
 * the types of their values, as the family's envelope schema has them). Messages are free text: the
 * contract does not fix them (a message may name the requested id, quoted or not).
 */
export function shapeOf(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(shapeOf);
  if (body !== null && typeof body === 'object')
    return Object.fromEntries(
      Object.keys(body)
        .sort()
        .map((k) => [k, shapeOf((body as Record<string, unknown>)[k])]),
    );
  return body === null ? 'null' : typeof body;
}

export function tenancyChecks(): Check[] {
  const checks: Check[] = [];
  for (const { path, method, operation, family, parameters } of operations) {
    const f = family.id;
    const names = parametersOf(path);
    if (names.length === 0) continue;
    const schemas = Object.fromEntries(parameters.map((p) => [p.name, p.schema as { pattern?: string }]));
    const send = (t: T, values: Record<string, string>, token = t.family(f).token('full')) =>
      t.send(f, {
        method: method.toUpperCase(),
        path: fillPath(path, t.family(f), values),
        token,
        ...(validBody(operation) === undefined ? {} : { body: validBody(operation) }),
      });
    // Replace the parameters from position i on with the other tenant's: all of them, then only the
    // last ones (own organization and device, foreign device or command).
    for (let i = 0; i < names.length; i++) {
      const foreign = names.slice(i);
      const label =
        i === 0
          ? "the other tenant's ids"
          : `own ${names.slice(0, i).join(' and ')} with a foreign ${foreign.join(' and ')}`;
      checks.push({
        id: `tenancy.${operation.operationId}.${foreign.join('+')}`,
        group: 'tenancy',
        name: `${operation.operationId} with ${label} → the 404 an unknown id gets`,
        family: f,
        operationId: operation.operationId,
        kind: 'stateful',
        demands: [pointer('paths', path, method, 'responses', '404'), ERROR_CODES],
        needs: [...pathNeeds(path), ...foreign.map((n) => `other:${n}`)],
        run: async (t) => {
          const theirs = Object.fromEntries(foreign.map((n) => [n, t.family(f).other[n] ?? '']));
          // A value generated from the parameter's own pattern: valid, and owned by nobody.
          const unknown = Object.fromEntries(
            foreign.map((n) => [n, positives(schemas[n] ?? {}, 1, seeded(n.length))[0] ?? '']),
          );
          const a = await send(t, theirs);
          t.expectAnswer(a, 404, codes(f).notFound);
          const b = await send(t, unknown);
          t.expectAnswer(b, 404, codes(f).notFound);
          t.expect(
            shapeOf(a.body),
            shapeOf(b.body),
            "the shape of the answer to the other tenant's id, against the answer to an unknown id",
          );
          // Nothing of the other tenant that the request did not name appears in the answer.
          const unsent = Object.entries(t.family(f).other).filter(([n, v]) => v && !foreign.includes(n));
          t.expect(
            unsent.filter(([, v]) => a.text.includes(v)).map(([n]) => n),
            [],
            "the other tenant's ids the answer names though the request did not",
          );
        },
      });
    }
    checks.push({
      id: `tenancy.${operation.operationId}.other-token`,
      group: 'tenancy',
      name: `${operation.operationId}: the other tenant's token cannot reach my objects (404)`,
      family: f,
      operationId: operation.operationId,
      kind: 'stateful',
      demands: [pointer('paths', path, method, 'responses', '404'), ERROR_CODES],
      needs: [...pathNeeds(path), 'token:otherTenant'],
      run: async (t) => {
        const res = await send(t, {}, t.family(f).token('otherTenant'));
        t.expectAnswer(res, 404, codes(f).notFound);
      },
    });
  }
  return checks;
}
