/** Check 9: the generated client against `prism mock`, for every operation. */
import { createFamilyClient, type Method } from '@device-commands/client';
import { createValidator } from '@device-commands/client/validation';
import { loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { type Context, familyOf, VALID_PATH } from '../support/context.ts';
import { validBody } from './bodies.ts';

const spec = loadDereferencedSpec();
type Loose = (path: string, init: object) => Promise<{ status: number; ok: boolean }>;

export function clientChecks(ctx: Context) {
  describe('9. the generated client against prism mock', () => {
    it.each(operationsOf(spec).map((o) => [o.operation.operationId, o] as const))(
      '%s succeeds with a valid, typed result',
      async (_id, o) => {
        const options = {
          baseUrl: ctx.stack.mock,
          token: 'prism-accepts-any-bearer',
          validateResponses: createValidator(spec),
          retry: false,
        } as const;
        const client = createFamilyClient(familyOf(o.path), options);
        const call = client[o.method.toUpperCase() as Method] as unknown as Loose;
        const path = Object.fromEntries(
          o.parameters.filter((p) => p.in === 'path').map((p) => [p.name, VALID_PATH[p.name]]),
        );
        const body = validBody(o.operation);
        const res = await call(o.path, { params: { path }, ...(body === undefined ? {} : { body }) });
        expect(res.ok).toBe(true);
      },
    );
  });
}
