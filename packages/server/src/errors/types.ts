import type { Context } from 'hono';
import { type FamilyId, families } from '../generated/routes.gen.ts';

/** One way in which a request breaks the contract. */
export interface Issue {
  location: 'path' | 'query' | 'header' | 'body';
  /** The parameter name, or a JSON pointer into the body (`/type`). */
  path: string;
  /** Machine-readable kind, such as `invalid_format` or `required`. */
  code: string;
  message: string;
}

/**
 * The errors every family must be able to answer in its own envelope. The two implementations,
 * errors/android.ts and errors/graph.ts, are the only places that build error bodies.
 */
export interface FamilyErrors {
  family: FamilyId;
  validation(c: Context, issues: Issue[]): Response;
  malformedJson(c: Context): Response;
  missingToken(c: Context): Response;
  invalidToken(c: Context): Response;
  forbidden(c: Context): Response;
  notFound(c: Context): Response;
  routeNotFound(c: Context): Response;
  methodNotAllowed(c: Context, allow: string[]): Response;
  payloadTooLarge(c: Context): Response;
  unsupportedMediaType(c: Context): Response;
  /** 431: the request line and headers are over `x-input-limits.maxHeaderBytes`. */
  headersTooLarge(c: Context): Response;
  /** 408: the request did not arrive within the server's time limits. */
  requestTimeout(c: Context): Response;
  /** 503 with `Retry-After`: the store is unreachable or too slow, or the server sheds load. */
  unavailable(c: Context, retryAfterSeconds: number): Response;
  internal(c: Context): Response;
}

/**
 * Sets the challenge every 401 carries (RFC 9110, 11.6.1; RFC 6750, 3): the family's name as the
 * realm, and `error="invalid_token"` when a token was sent but is not valid.
 */
export function challenge(c: Context, family: FamilyId, invalid?: string): void {
  const realm = families[family].name.replace(/["\\]/g, '');
  c.header(
    'WWW-Authenticate',
    `Bearer realm="${realm}"${invalid ? `, error="invalid_token", error_description="${invalid.replace(/["\\]/g, '')}"` : ''}`,
  );
}

export function describeIssue(issue: Issue): string {
  return `${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
