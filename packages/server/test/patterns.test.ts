/**
 * The patterns of the spec, run through the generated routes: the server's own validation
 * (generated zod) and Ajv compiled from the spec agree on every sample, accepted or rejected. The
 * samples come from the one generator the contract suite also uses (@device-commands/spec).
 */
import { loadDereferencedSpec, operationsOf, type Parameter, patternSamples, seeded } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { routes } from '../src/generated/routes.gen.ts';

const spec = loadDereferencedSpec();
const random = seeded(20261121);

/** The examples the contract gives for a parameter: they must be accepted too. */
const examplesOf = (p: Parameter): string[] =>
  [p.example, ...Object.values(p.examples ?? {}).map((e) => e.value)].filter((v): v is string => typeof v === 'string');

const params = operationsOf(spec).flatMap(({ operation, parameters }) =>
  parameters.filter((p) => p.in === 'path').map((p) => ({ operationId: operation.operationId, parameter: p })),
);

describe('path parameter patterns', () => {
  it.each(params.map((p) => [p.operationId, p.parameter.name, p] as const))(
    '%s: %s agrees with Ajv on every sample',
    (operationId, name, { parameter }) => {
      const route = routes[operationId as keyof typeof routes] as { request: { params: z.ZodObject } };
      const zod = route.request.params.shape[name] as z.ZodType;
      const examples = examplesOf(parameter);
      const samples = patternSamples(parameter.schema as object, { count: 8, random, examples });
      expect(samples.length).toBeGreaterThan(20);
      for (const { value, valid } of samples)
        expect(zod.safeParse(value).success, `${name} ${JSON.stringify(value)}: Ajv says ${valid}`).toBe(valid);
      expect(samples.filter((s) => s.valid).length).toBeGreaterThanOrEqual(examples.length + 1);
      expect(samples.filter((s) => !s.valid).length).toBeGreaterThan(10);
    },
  );
});
