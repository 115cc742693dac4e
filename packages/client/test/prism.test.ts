/**
 * Every operation of both families, called through the generated client against a Prism mock of
 * the bundled spec: the success status and every documented error status (picked with Prism's
 * `Prefer: code=` header) come back as narrowable results whose bodies the contract validates.
 */
import { bundlePaths, loadDereferencedSpec, type Operation, operationsOf, type Parameter } from '@device-commands/spec';
import { startPrism } from '@device-commands/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiResult, createFamilyClient, type FamilyId, type Method } from '../src/index.ts';
import { createValidator } from '../src/validation.ts';

const spec = loadDereferencedSpec();
let prism: Awaited<ReturnType<typeof startPrism>>;
beforeAll(async () => {
  prism = await startPrism(['mock', bundlePaths.yaml]);
}, 60_000);
afterAll(() => prism?.stop());

type LooseCall = (path: string, init: object) => Promise<ApiResult<unknown> & { data?: unknown; error?: unknown }>;

function exampleOf(p: Parameter): unknown {
  if (p.example !== undefined) return p.example;
  const first = Object.values(p.examples ?? {})[0];
  return first?.value;
}

function requestBodyOf(op: Operation): unknown {
  const media = op.requestBody?.content['application/json'];
  return Object.values(media?.examples ?? {})[0]?.value;
}

const cases = operationsOf(spec).flatMap(({ path, method, operation, parameters, family }) =>
  Object.keys(operation.responses)
    .filter((status) => status !== 'default')
    .map((status) => ({
      id: operation.operationId,
      family: family.id as FamilyId,
      path,
      method,
      operation,
      parameters,
      status: Number(status),
    })),
);

describe('the generated client against a Prism mock', () => {
  it('covers every operation and documented status of both families', () => {
    expect(new Set(cases.map((c) => c.id)).size).toBe(8);
    expect(cases.length).toBeGreaterThanOrEqual(40);
  });

  it.each(cases.map((c) => [c.id, c.status, c] as const))(
    '%s answers %i as a typed, valid result',
    async (_id, status, c) => {
      const options = {
        baseUrl: prism.url,
        token: 'any-token-prism-accepts',
        validateResponses: createValidator(spec),
        retry: false,
      } as const;
      const client = createFamilyClient(c.family, options);
      const call = client[c.method.toUpperCase() as Method] as unknown as LooseCall;
      const path = Object.fromEntries(c.parameters.filter((p) => p.in === 'path').map((p) => [p.name, exampleOf(p)]));
      const body = requestBodyOf(c.operation);
      const res = await call(c.path, {
        params: { path },
        ...(body === undefined ? {} : { body }),
        headers: { Prefer: `code=${status}` },
      });
      expect(res.status).toBe(status);
      expect(res.ok).toBe(status < 300);
      if (res.ok) expect(res.data).toBeDefined();
      else expect(res.error).toBeDefined();
    },
  );
});
