/**
 * The tricky patterns of the spec, run through the generated routes: the server's own validation
 * (generated zod) and Ajv compiled from the spec agree on every sample, accepted or rejected.
 */
import { createSpecAjv, loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { routes } from '../src/generated/routes.gen.ts';

const ajv = createSpecAjv();
const spec = loadDereferencedSpec();

/** Positive examples per parameter; negatives are made from them. */
const positives: Record<string, string[]> = {
  organizationId: ['65a1f0c2e4b0a1b2c3d4e5f6', 'acme-robotics', 'abc'],
  emmDeviceId: ['65a1f0c2e4b0a1b2c3d4e601', 'R58N123ABCD', '356938035643809', 'a_b'],
  emmCommandId: ['65a1f0c2e4b0a1b2c3d4e701', '65A1F0C2E4B0A1B2C3D4E701'],
  'device-id': ['6f9e4a52-5c3b-4d7e-9a1f-2b8c7d6e5f40', 'abc'],
  'command-id': ['0158355AD4D680CC4E2994CC009EFFD7337D1335FCA6ED266', '0'],
};

/** Negative samples: length ±1, a foreign character at each position, blanks, look-alikes. */
function mutations(value: string): string[] {
  const out = new Set<string>([
    value.slice(1),
    `${value}${value.at(-1)}`,
    '',
    ' ',
    `${value} `,
    '\\',
    'ab\\c',
    '%2F',
    'a/b',
  ]);
  for (let i = 0; i < value.length; i++) {
    for (const bad of ['!', '/', ' ', 'Ñ', '\u212a', '０', '\u00a0'])
      out.add(value.slice(0, i) + bad + value.slice(i + 1));
  }
  return [...out];
}

const params = operationsOf(spec).flatMap(({ operation, parameters }) =>
  parameters.filter((p) => p.in === 'path').map((p) => ({ operationId: operation.operationId, parameter: p })),
);

describe('path parameter patterns', () => {
  it.each(params.map((p) => [p.operationId, p.parameter.name, p] as const))(
    '%s: %s agrees with Ajv on every sample',
    (operationId, name, { parameter }) => {
      const route = routes[operationId as keyof typeof routes] as { request: { params: z.ZodObject } };
      const zod = route.request.params.shape[name] as z.ZodType;
      const validate = ajv.compile(parameter.schema as object);
      const samples = (positives[name] ?? []).flatMap((v) => [v, ...mutations(v)]);
      expect(samples.length).toBeGreaterThan(20);
      let accepted = 0;
      for (const sample of samples) {
        const byAjv = validate(sample);
        expect(zod.safeParse(sample).success, `${name} ${JSON.stringify(sample)}: Ajv says ${byAjv}`).toBe(byAjv);
        if (byAjv) accepted++;
      }
      expect(accepted).toBeGreaterThanOrEqual((positives[name] ?? []).length);
    },
  );
});
