import type { Context } from 'hono';
import type { FamilyId } from '../generated/routes.gen.ts';

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
  internal(c: Context): Response;
}

export function describeIssue(issue: Issue): string {
  return `${issue.path ? `${issue.path}: ` : ''}${issue.message}`;
}
