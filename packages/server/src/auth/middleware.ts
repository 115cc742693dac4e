/** Authentication (401) for every request of a family, and authorization (403) per operation. */
import type { MiddlewareHandler } from 'hono';
import type { FamilyErrors } from '../errors/types.ts';
import { families, type OperationId, operations } from '../generated/routes.gen.ts';
import type { AppEnv, Family } from '../http/env.ts';
import { requestHeader } from '../http/headers.ts';
import type { TokenRegistry } from './tokens.ts';

/**
 * RFC 6750, 2.1: `Bearer 1*SP b64token`. The scheme is case-insensitive (RFC 9110, 11.1); the
 * field's surrounding whitespace is not part of its value (RFC 9110, 5.5).
 */
const BEARER = /^bearer +([A-Za-z0-9\-._~+/]+=*)$/i;

export function authenticate(family: Family, errors: FamilyErrors, tokens: TokenRegistry): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = requestHeader(c, 'authorization');
    if (!header || header.trim() === '' || /^bearer\s*$/i.test(header.trim())) return errors.missingToken(c);
    const match = BEARER.exec(header.trim());
    const principal = match?.[1] ? tokens.find(match[1], family) : undefined;
    if (!principal) return errors.invalidToken(c);
    c.set('principal', principal);
    await next();
  };
}

/**
 * Marks the operation (for response validation and logs) and checks what the operation needs, the
 * way its family's declaration says: its `x-permission`, or every scope of its security requirement.
 */
export function authorize(operationId: OperationId, errors: FamilyErrors): MiddlewareHandler<AppEnv> {
  const op = operations[operationId];
  const mode = families[op.family].authorization;
  return async (c, next) => {
    c.set('operationId', operationId);
    const principal = c.get('principal') as { family: string; permissions?: string[]; scopes?: string[] } | undefined;
    const allowed =
      principal?.family === op.family &&
      (mode === 'x-permission'
        ? op.permission !== null && (principal.permissions ?? []).includes(op.permission)
        : op.scopes.every((scope) => (principal.scopes ?? []).includes(scope)));
    if (!allowed) return errors.forbidden(c);
    await next();
  };
}
