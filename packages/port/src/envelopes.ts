/**
 * The two error envelopes, one function per family (openapi/README.md, "Error codes"): every error the
 * port answers goes through `fail`, so no answer leaves without its family's envelope.
 */
import type { ServerResponse } from 'node:http';
import type { FamilyId } from './contract.ts';

export interface Problem {
  status: number;
  /** Android's numeric code. */
  android: number;
  /** Graph's code. */
  graph: string;
  message: string;
  /** Validation issues: Android `data.issues`, Graph `details`. */
  issues?: { location: string; path: string; message: string }[];
  headers?: Record<string, string>;
}

export const problems = {
  validation: (issues: NonNullable<Problem['issues']>): Problem => ({
    status: 400,
    android: 3000,
    graph: 'invalidRequest',
    message: 'Validation error',
    issues,
  }),
  noToken: (realm: string): Problem => ({
    status: 401,
    android: 4002,
    graph: 'InvalidAuthenticationToken',
    message: 'No auth token',
    headers: { 'www-authenticate': `Bearer realm="${realm}"` },
  }),
  badToken: (realm: string): Problem => ({
    status: 401,
    android: 4004,
    graph: 'InvalidAuthenticationToken',
    message: 'Invalid Token',
    headers: {
      'www-authenticate': `Bearer realm="${realm}", error="invalid_token", error_description="the token is not valid"`,
    },
  }),
  forbidden: (): Problem => ({ status: 403, android: 4003, graph: 'accessDenied', message: 'Forbidden' }),
  notFound: (): Problem => ({ status: 404, android: 3001, graph: 'itemNotFound', message: 'Entity not found' }),
  noRoute: (): Problem => ({ status: 404, android: 1002, graph: 'itemNotFound', message: 'Route not found' }),
  notAllowed: (allow: string[]): Problem => ({
    status: 405,
    android: 1003,
    graph: 'notAllowed',
    message: 'Method not allowed',
    headers: { allow: allow.join(', ') },
  }),
  tooLarge: (): Problem => ({ status: 413, android: 1005, graph: 'invalidRequest', message: 'Payload too large' }),
  mediaType: (): Problem => ({ status: 415, android: 1004, graph: 'notSupported', message: 'Unsupported media type' }),
  headersTooLarge: (): Problem => ({
    status: 431,
    android: 1006,
    graph: 'invalidRequest',
    message: 'Request header fields too large',
  }),
  plan: (): Problem => ({
    status: 400,
    android: 5050,
    graph: 'invalidRequest',
    message: 'Feature not allowed for you billing plan',
  }),
  notPending: (): Problem => ({
    status: 400,
    android: 5052,
    graph: 'invalidRequest',
    message: 'EmmCommand status not Pending',
  }),
  internal: (): Problem => ({ status: 500, android: 1000, graph: 'generalException', message: 'Internal error' }),
};

export function fail(res: ServerResponse, family: FamilyId, problem: Problem, requestId: string): void {
  const body =
    family === 'android'
      ? {
          status: false,
          error: {
            code: problem.android,
            message: problem.message,
            ...(problem.issues ? { data: { issues: problem.issues } } : {}),
          },
        }
      : {
          error: {
            code: problem.graph,
            message: problem.message,
            ...(problem.issues
              ? { details: problem.issues.map((i) => ({ code: 'invalidValue', message: i.message, target: i.path })) }
              : {}),
            innerError: { date: new Date().toISOString(), 'request-id': requestId, 'client-request-id': requestId },
          },
        };
  send(res, problem.status, body, problem.headers);
}

export function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  if (res.headersSent) return;
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  res.end(text);
}
