/**
 * Each family's declared situations (`x-families[].situations`) agree with its documented responses:
 * a code that a situation ties to a status is one of the codes that status's responses pin, on
 * every operation of the family that documents the status. The codes of answers that belong to no
 * operation (an unknown route, 405) are pinned nowhere else, and only the house rules check them.
 */
import { describe, expect, it } from 'vitest';
import { familiesOf, loadDereferencedSpec, operationsOf } from '../src/index.ts';

const spec = loadDereferencedSpec();
const operations = operationsOf(spec);
type Schema = { const?: unknown; oneOf?: Schema[]; properties?: Record<string, Schema> };

/** The codes a documented error response pins: `error.code.const`, or each `error.oneOf[].code.const`. */
function pinned(schema: Schema | undefined): unknown[] {
  const error = schema?.properties?.error;
  const alternatives = error?.oneOf ?? (error ? [error] : []);
  return alternatives.map((a) => a.properties?.code?.const).filter((c) => c !== undefined);
}

const TIED = [
  ['missingToken', '401'],
  ['invalidToken', '401'],
  ['validation', '400'],
  ['planLacksFeature', '400'],
  ['notPending', '400'],
] as const;

const rows = familiesOf(spec).flatMap((family) =>
  TIED.filter(([situation]) => family.situations[situation] !== undefined).map(
    ([situation, status]) => [family.id, situation, status] as const,
  ),
);

describe("each family's declared situations", () => {
  it.each(rows)('%s: the %s code is one a documented %s response pins', (id, situation, status) => {
    const family = familiesOf(spec).find((f) => f.id === id);
    const code = family?.situations[situation];
    const documenting = operations.filter((o) => o.family.id === id && o.operation.responses[status]);
    const offering = documenting.filter((o) =>
      pinned(o.operation.responses[status]?.content?.['application/json']?.schema as Schema).includes(code),
    );
    expect(
      offering.length,
      `${situation} = ${String(code)} is pinned by no ${status} response of ${id}`,
    ).toBeGreaterThan(0);
    // A situation every operation can meet (all but the family's own) is on every such response.
    if (situation === 'missingToken' || situation === 'invalidToken' || situation === 'validation')
      expect(offering.map((o) => o.operation.operationId)).toEqual(documenting.map((o) => o.operation.operationId));
  });
});
