/** Authentication and authorization on every operation, with the exact documented status and code. */
import { createSpecAjv, type Operation } from '@device-commands/spec';
import type { Role } from '../config.ts';
import type { Exchange } from '../oracle.ts';
import type { Check } from '../runner.ts';
import {
  codes,
  ERROR_CODES,
  fillPath,
  grantsOf,
  isSafe,
  operations,
  pathNeeds,
  pointer,
  readOnlyGrants,
  validBody,
  writeGrants,
} from './shared.ts';

const AUTHENTICATION = 'openapi/README.md#authentication-answers';

const headerAjv = createSpecAjv();

export function authChecks(): Check[] {
  const checks: Check[] = [];
  const families = [...new Set(operations.map((o) => o.family.id))];
  for (const entry of operations) {
    const { path, method, operation, family } = entry;
    const f = family.id;
    const c = codes(f);
    const others = families.filter((x) => x !== f);
    const request = (t: Parameters<Check['run']>[0]) => ({
      method: method.toUpperCase(),
      path: fillPath(path, t.family(f)),
      ...(validBody(operation) === undefined ? {} : { body: validBody(operation) }),
    });
    const add = (
      what: string,
      status: number,
      code: number | string,
      headers: (t: Parameters<Check['run']>[0]) => { token?: string; headers?: Record<string, string> },
      needs: string[] = [],
    ) =>
      checks.push({
        id: `auth.${operation.operationId}.${what.replace(/\W+/g, '-')}`,
        group: 'auth',
        name: `${operation.operationId} with ${what} → ${status} ${code}`,
        family: f,
        operationId: operation.operationId,
        kind: 'behaviour',
        demands: [pointer('paths', path, method, 'responses', String(status)), AUTHENTICATION, ERROR_CODES],
        needs: [...pathNeeds(path), ...needs],
        run: async (t) => {
          const res = await t.send(f, { ...request(t), ...headers(t) });
          t.expectAnswer(res, status, code);
          if (status === 401) expectChallenge(t, res, operation);
        },
      });
    add('no token', 401, c.missingToken, () => ({}));
    add('an empty bearer', 401, c.missingToken, () => ({ headers: { authorization: 'Bearer ' } }));
    add('a malformed credential', 401, c.invalidToken, () => ({ headers: { authorization: 'Token abc def' } }));
    add('a wrong token', 401, c.invalidToken, () => ({ token: 'wrong-token-0123456789' }));
    // Only on safe operations: a create or cancel sent to prove a header would change the target.
    if (isSafe(method))
      checks.push({
        id: `auth.${operation.operationId}.scheme-case-insensitive`,
        group: 'auth',
        name: `${operation.operationId} accepts the bearer scheme in any case (RFC 9110, 11.1)`,
        family: f,
        operationId: operation.operationId,
        kind: 'behaviour',
        demands: [pointer('paths', path, method, 'security'), 'RFC 9110 11.1 (the scheme is case-insensitive)'],
        needs: [...pathNeeds(path), 'token:full'],
        run: async (t) => {
          const res = await t.send(f, {
            ...request(t),
            headers: { authorization: `bEARER ${t.family(f).token('full')}` },
          });
          t.expect(res.status !== 401, true, `bEARER <token> → ${res.status}, not 401`);
        },
      });
    for (const other of others)
      add(`the ${other} family's token`, 401, c.invalidToken, (t) => ({ token: t.family(other).token('full') }), [
        `token:full@${other}`,
      ]);
    add(
      'a token without any permission or scope',
      403,
      c.forbidden,
      (t) => ({ token: t.family(f).token('noGrants') }),
      ['token:noGrants'],
    );
    const needsWriteGrant = grantsOf(entry).some((g) => writeGrants.has(`${family.id}:${g}`));
    if (!isSafe(method) || needsWriteGrant) {
      add(
        `${
          needsWriteGrant && isSafe(method)
            ? 'a read-only token (a read that needs a write grant)'
            : 'a read-only token (a write operation)'
        }, holding only ${readOnlyGrants(f).join(', ')}`,
        403,
        c.forbidden,
        (t) => ({ token: t.family(f).token('readOnly') }),
        ['token:readOnly'],
      );
    } else {
      checks.push({
        id: `auth.${operation.operationId}.read-only-reads`,
        group: 'auth',
        name: `${operation.operationId} (a read) succeeds with a read-only token, holding only ${readOnlyGrants(f).join(', ')}`,
        family: f,
        operationId: operation.operationId,
        kind: 'behaviour',
        demands: [
          pointer('paths', path, method, family.authorization === 'x-permission' ? 'x-permission' : 'security'),
        ],
        needs: [...pathNeeds(path), 'token:readOnly'],
        run: async (t) => {
          const res = await t.send(f, { ...request(t), token: t.family(f).token('readOnly' as Role) });
          t.expect(
            res.status < 300,
            true,
            `${method.toUpperCase()} ${res.path} with the read-only token → ${res.status}`,
          );
        },
      });
    }
  }
  return checks;
}

/**
 * Every 401 carries the challenge its documented response requires (RFC 9110, 11.6.1), and the
 * value matches the header's schema in the spec (here: `Bearer realm="…"`, RFC 6750).
 */
function expectChallenge(t: Parameters<Check['run']>[0], res: Exchange, operation: Operation): void {
  const documented = (operation.responses['401']?.headers ?? {}) as Record<
    string,
    { required?: boolean; schema?: Record<string, unknown> }
  >;
  for (const [name, header] of Object.entries(documented)) {
    const value = res.headers.get(name);
    if (!header.required && value === null) continue;
    t.expect(value !== null, true, `401 carries the ${name} header its response documents`);
    if (value !== null && header.schema)
      t.expect(headerAjv.validate(header.schema, value), true, `${name}: ${value} matches its schema in the spec`);
  }
}
