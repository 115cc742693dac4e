/** Check 5: missing, malformed, wrong and insufficient tokens on every operation; no existence leak. */
import { loadDereferencedSpec, operationsOf } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, errorCode, familyOf, fillPath, SEED, TOKENS } from '../support/context.ts';
import { validBody } from './bodies.ts';

const ops = operationsOf(loadDereferencedSpec());

const UNAUTHORIZED = {
  android: { missing: 4002, invalid: 4004 },
  graph: { missing: 'InvalidAuthenticationToken', invalid: 'InvalidAuthenticationToken' },
};
const FORBIDDEN = { android: 4003, graph: 'accessDenied' } as const;

export function authChecks(ctx: Context) {
  describe('5. auth', () => {
    const cases = ops.flatMap(({ path, method, operation }) => {
      const family = familyOf(path);
      const base = { method: method.toUpperCase(), path: fillPath(path), body: validBody(operation) };
      return [
        {
          id: operation.operationId,
          what: 'no token',
          family,
          request: { ...base },
          status: 401,
          code: UNAUTHORIZED[family].missing,
        },
        {
          id: operation.operationId,
          what: 'an empty bearer',
          family,
          request: { ...base, headers: { authorization: 'Bearer ' } },
          status: 401,
          code: UNAUTHORIZED[family].missing,
        },
        {
          id: operation.operationId,
          what: 'a malformed credential',
          family,
          request: { ...base, headers: { authorization: 'Token abc def' } },
          status: 401,
          code: UNAUTHORIZED[family].invalid,
        },
        {
          id: operation.operationId,
          what: 'a wrong token',
          family,
          request: { ...base, token: 'wrong-token-0123456789' },
          status: 401,
          code: UNAUTHORIZED[family].invalid,
        },
        {
          id: operation.operationId,
          what: "the other family's token",
          family,
          request: { ...base, token: adminToken(family === 'android' ? 'graph' : 'android') },
          status: 401,
          code: UNAUTHORIZED[family].invalid,
        },
        {
          id: operation.operationId,
          what: 'a token without the permission or scope',
          family,
          request: { ...base, token: family === 'android' ? TOKENS.androidNothing : TOKENS.graphNothing },
          status: 403,
          code: FORBIDDEN[family],
        },
      ];
    });

    it.each(cases)('$id with $what → $status $code', async (c) => {
      const res = await ctx.oracle.send(c.family, c.request);
      expect([res.status, errorCode(res.body)]).toEqual([c.status, c.code]);
    });

    it.each(ops.filter((o) => familyOf(o.path) === 'android').map((o) => [o.operation.operationId, o] as const))(
      "%s: another organization's ids give exactly the 404 that unknown ids give",
      async (_id, { path, method, operation }) => {
        const theirs = fillPath(path, {
          organizationId: SEED.otherOrganization.id,
          emmDeviceId: SEED.otherDevice.id,
          emmCommandId: SEED.otherCommand,
        });
        const unknown = fillPath(path, {
          organizationId: '65a1f0c2e4b0a1b2c3d4e000',
          emmDeviceId: SEED.otherDevice.id,
          emmCommandId: SEED.otherCommand,
        });
        const send = (p: string) =>
          ctx.oracle.send('android', {
            method: method.toUpperCase(),
            path: p,
            token: TOKENS.androidAdmin,
            body: validBody(operation),
          });
        const [a, b] = [await send(theirs), await send(unknown)];
        expect(a.status).toBe(404);
        expect(a.body).toEqual(b.body);
      },
    );

    it.each(
      ops
        .filter((o) => familyOf(o.path) === 'graph' && o.path.includes('{device-id}'))
        .map((o) => [o.operation.operationId, o] as const),
    )(
      "%s: another user's device gives exactly the 404 that an unknown device gives",
      async (_id, { path, method, operation }) => {
        const send = (device: string) =>
          ctx.oracle.send('graph', {
            method: method.toUpperCase(),
            path: fillPath(path, { 'device-id': device }),
            token: TOKENS.graphAna,
            body: validBody(operation),
          });
        const [theirs, unknown] = [
          await send(SEED.otherGraphDevice),
          await send('00000000-0000-4000-8000-000000000000'),
        ];
        expect(theirs.status).toBe(404);
        const strip = (body: unknown) =>
          JSON.stringify(body)
            .replace(/"innerError":\{[^}]*\}/, '')
            .replace(/'[^']*'/g, "'…'");
        expect(strip(theirs.body)).toBe(strip(unknown.body));
      },
    );
  });
}
