/** The generated client against `prism mock`, for every operation: valid, typed results. */
import { createFamilyClient, type FamilyId, type Method } from '@device-commands/client';
import { createValidator } from '@device-commands/client/validation';
import { bundlePaths, loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { type Started, startPrism } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validBody } from '../src/checks/shared.ts';

const spec = loadDereferencedSpec();
type Loose = (path: string, init: object) => Promise<{ status: number; ok: boolean }>;
let mock: Started & { url: string };
beforeAll(async () => {
  mock = await startPrism(['mock', bundlePaths.yaml]);
});
afterAll(async () => {
  await mock?.stop();
});

describe('the generated client against prism mock', () => {
  it.each(operationsOf(spec).map((o) => [o.operation.operationId, o] as const))(
    '%s succeeds with a valid, typed result',
    async (_id, o) => {
      const client = createFamilyClient(o.family.id as FamilyId, {
        baseUrl: mock.url,
        token: 'prism-accepts-any-bearer',
        validateResponses: createValidator(spec),
        retry: false,
      });
      const call = client[o.method.toUpperCase() as Method] as unknown as Loose;
      const path = Object.fromEntries(
        o.parameters
          .filter((p) => p.in === 'path')
          .map((p) => [p.name, String(p.example ?? Object.values(p.examples ?? {})[0]?.value)]),
      );
      const body = validBody(o.operation);
      const res = await call(o.path, { params: { path }, ...(body === undefined ? {} : { body }) });
      expect(res.ok).toBe(true);
    },
  );
});
