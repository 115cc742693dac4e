/** Check 6: unknown routes get the family's 404 envelope; undocumented methods get 405 with `Allow`. */
import { HTTP_METHODS, loadDereferencedSpec } from '@device-commands/spec';
import { describe, expect, it } from 'vitest';
import { adminToken, type Context, errorCode, familyOf, fillPath } from '../support/context.ts';

const spec = loadDereferencedSpec();
const ROUTE_NOT_FOUND = { android: 1002, graph: 'itemNotFound' } as const;
const NOT_ALLOWED = { android: 1003, graph: 'notAllowed' } as const;
const TRIED = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'];

const methodCases = Object.entries(spec.paths).flatMap(([path, item]) => {
  const documented = HTTP_METHODS.filter((m) => item[m]).map((m) => m.toUpperCase());
  const allow = [...new Set([...documented, ...(documented.includes('GET') ? ['HEAD'] : [])])].sort().join(', ');
  return TRIED.filter((m) => !documented.includes(m)).map((method) => ({
    path,
    method,
    allow,
    family: familyOf(path),
  }));
});

const unknownRoutes = [
  { family: 'android' as const, path: '/organizations' },
  { family: 'android' as const, path: `/organizations/${'65a1f0c2e4b0a1b2c3d4e5f6'}/mdm/android/enterprise/devices` },
  {
    family: 'android' as const,
    path: fillPath(
      '/organizations/{organizationId}/mdm/android/enterprise/devices/{emmDeviceId}/commands/{emmCommandId}/retry',
    ),
  },
  { family: 'graph' as const, path: '/me' },
  { family: 'graph' as const, path: '/me/printers' },
  { family: 'graph' as const, path: fillPath('/me/devices/{device-id}/commands/{command-id}/responsePayload/extra') },
];

export function routeChecks(ctx: Context) {
  describe('6. routes and methods', () => {
    it.each(unknownRoutes)('$family: GET $path is an unknown route → 404', async ({ family, path }) => {
      const res = await ctx.oracle.send(family, { path, token: adminToken(family) });
      expect([res.status, errorCode(res.body)]).toEqual([404, ROUTE_NOT_FOUND[family]]);
    });

    it.each(methodCases)('$method $path → 405 with Allow: $allow', async ({ family, path, method, allow }) => {
      const res = await ctx.oracle.send(family, {
        method,
        path: fillPath(path),
        token: adminToken(family),
        ...(method === 'GET' ? {} : { body: {} }),
      });
      expect([res.status, errorCode(res.body)]).toEqual([405, NOT_ALLOWED[family]]);
      expect(res.headers.get('allow')).toBe(allow);
    });
  });
}
