/**
 * Every safe operation, called as documented with the configured ids, answers a documented success
 * that both judges accept. (Unsafe operations succeed in the flows and with their named examples.)
 */
import type { Check } from '../runner.ts';
import { fillPath, isSafe, operations, pathNeeds, pointer, validBody } from './shared.ts';

export function conformanceChecks(): Check[] {
  return operations
    .filter((o) => isSafe(o.method))
    .map(({ path, method, operation, family }) => ({
      id: `conformance.${operation.operationId}`,
      group: 'conformance',
      name: `${operation.operationId} with valid inputs answers a documented success`,
      family: family.id,
      operationId: operation.operationId,
      kind: 'schema' as const,
      demands: [pointer('paths', path, method, 'responses')],
      needs: [...pathNeeds(path), 'token:full'],
      run: async (t) => {
        const f = t.family(family.id);
        const body = validBody(operation);
        const res = await t.send(family.id, {
          method: method.toUpperCase(),
          path: fillPath(path, f),
          token: f.token('full'),
          ...(body === undefined ? {} : { body }),
        });
        const success = Object.keys(operation.responses)
          .filter((s) => /^2/.test(s))
          .map(Number);
        t.expect(
          success.includes(res.status),
          true,
          `${operation.operationId} → ${res.status} (documented successes: ${success.join(', ')})`,
        );
      },
    }));
}
