/**
 * The two error envelopes (openapi/README.md, "Error codes"), chosen by the family's declared envelope
 * kind: every error the port answers goes through `fail`, so no answer leaves without its family's
 * envelope.
 */
import type { ServerResponse } from 'node:http';
import type { ServedFamily } from './contract.ts';

export interface Problem {
  status: number;
  /** The code in a `wrapped` family's envelope (Android's numeric codes). */
  numeric: number;
  /** The code in a `bare` family's OData envelope (Graph's). */
  odata: string;
  message: string;
  /** Validation issues: Android `data.issues`, Graph `details`. */
  issues?: { location: string; path: string; message: string }[];
  headers?: Record<string, string>;
}

export const problems = {
  validation: (issues: NonNullable<Problem['issues']>): Problem => ({
    status: 400,
    numeric: 3000,
    odata: 'invalidRequest',
    message: 'Validation error',
    issues,
  }),
  noToken: (realm: string): Problem => ({
    status: 401,
    numeric: 4002,
    odata: 'InvalidAuthenticationToken',
    message: 'No auth token',
    headers: { 'www-authenticate': `Bearer realm="${realm}"` },
  }),
  badToken: (realm: string): Problem => ({
    status: 401,
    numeric: 4004,
    odata: 'InvalidAuthenticationToken',
    message: 'Invalid Token',
    headers: {
      'www-authenticate': `Bearer realm="${realm}", error="invalid_token", error_description="the token is not valid"`,
    },
  }),
  forbidden: (): Problem => ({ status: 403, numeric: 4003, odata: 'accessDenied', message: 'Forbidden' }),
  notFound: (): Problem => ({ status: 404, numeric: 3001, odata: 'itemNotFound', message: 'Entity not found' }),
  noRoute: (): Problem => ({ status: 404, numeric: 1002, odata: 'itemNotFound', message: 'Route not found' }),
  notAllowed: (allow: string[]): Problem => ({
    status: 405,
    numeric: 1003,
    odata: 'notAllowed',
    message: 'Method not allowed',
    headers: { allow: allow.join(', ') },
  }),
  tooLarge: (): Problem => ({ status: 413, numeric: 1005, odata: 'invalidRequest', message: 'Payload too large' }),
  mediaType: (): Problem => ({ status: 415, numeric: 1004, odata: 'notSupported', message: 'Unsupported media type' }),
  headersTooLarge: (): Problem => ({
    status: 431,
    numeric: 1006,
    odata: 'invalidRequest',
    message: 'Request header fields too large',
  }),
  plan: (): Problem => ({
    status: 400,
    numeric: 5050,
    odata: 'invalidRequest',
    message: 'Feature not allowed for you billing plan',
  }),
  notPending: (): Problem => ({
    status: 400,
    numeric: 5052,
    odata: 'invalidRequest',
    message: 'EmmCommand status not Pending',
  }),
  internal: (): Problem => ({ status: 500, numeric: 1000, odata: 'generalException', message: 'Internal error' }),
};

export function fail(res: ServerResponse, family: ServedFamily, problem: Problem, requestId: string): void {
  const body =
    family.envelope === 'wrapped'
      ? {
          status: false,
          error: {
            code: problem.numeric,
            message: problem.message,
            ...(problem.issues ? { data: { issues: problem.issues } } : {}),
          },
        }
      : {
          error: {
            code: problem.odata,
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
