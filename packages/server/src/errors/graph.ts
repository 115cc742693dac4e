/**
 * Microsoft Graph's OData error envelope, `{error: {code, message, details?, innerError}}`: the only
 * module that builds Graph error bodies. Codes are the contract's (openapi/README.md, "Error codes").
 */
import type { Context } from 'hono';
import { inputLimits } from '../generated/routes.gen.ts';
import { requestHeader } from '../http/headers.ts';
import { challenge, describeIssue, type FamilyErrors, type Issue } from './types.ts';

/** Graph's `innerError`: a zone-less date and the request ids, as Graph sends them. */
function innerError(c: Context) {
  const requestId = String(c.get('requestId') ?? '');
  return {
    date: new Date().toISOString().slice(0, 19),
    'request-id': requestId,
    'client-request-id': requestHeader(c, 'client-request-id') ?? requestId,
  };
}

const envelope = <C extends string>(c: Context, code: C, message: string, details?: ReturnType<typeof detailsOf>) =>
  ({ error: { code, message, ...(details ? { details } : {}), innerError: innerError(c) } }) as const;

const detailsOf = (issues: Issue[]) => issues.map((i) => ({ code: i.code, message: i.message, target: i.path }));

/** Bodies with literal codes, for handlers whose responses are type-checked against the spec. */
export const graphBodies = {
  itemNotFound: (c: Context, what = 'The resource') => envelope(c, 'itemNotFound', `${what} does not exist.`),
  invalidRequest: (c: Context, issues: Issue[]) =>
    envelope(c, 'invalidRequest', issues.map(describeIssue).join('; ') || 'Invalid request', detailsOf(issues)),
};

export const graphErrors: FamilyErrors = {
  family: 'graph',
  validation: (c, issues) => c.json(graphBodies.invalidRequest(c, issues), 400),
  malformedJson: (c) =>
    c.json(
      graphBodies.invalidRequest(c, [
        { location: 'body', path: '', code: 'invalid_json', message: 'Malformed JSON body' },
      ]),
      400,
    ),
  missingToken: (c) => {
    challenge(c, 'graph');
    return c.json(envelope(c, 'InvalidAuthenticationToken', 'Access token is empty.'), 401);
  },
  invalidToken: (c) => {
    challenge(c, 'graph', 'The access token is not valid.');
    return c.json(envelope(c, 'InvalidAuthenticationToken', 'Access token validation failure.'), 401);
  },
  forbidden: (c) =>
    c.json(envelope(c, 'accessDenied', 'The token lacks the delegated scope this operation needs.'), 403),
  notFound: (c) => c.json(graphBodies.itemNotFound(c), 404),
  routeNotFound: (c) =>
    c.json(envelope(c, 'itemNotFound', `Resource not found for the segment '${lastSegment(c.req.path)}'.`), 404),
  methodNotAllowed: (c, allow) => {
    c.header('Allow', allow.join(', '));
    return c.json(
      envelope(c, 'notAllowed', `The HTTP method '${c.req.method}' is not allowed for this resource.`),
      405,
    );
  },
  payloadTooLarge: (c) =>
    c.json(envelope(c, 'invalidRequest', `The request body is larger than ${inputLimits.maxBodyBytes} bytes.`), 413),
  headersTooLarge: (c) =>
    c.json(
      envelope(
        c,
        'invalidRequest',
        `The request line and headers are larger than ${inputLimits.maxHeaderBytes} bytes.`,
      ),
      431,
    ),
  requestTimeout: (c) => c.json(envelope(c, 'invalidRequest', 'The request did not arrive in time.'), 408),
  unavailable: (c, retryAfterSeconds) => {
    c.header('Retry-After', String(retryAfterSeconds));
    return c.json(
      envelope(
        c,
        'serviceNotAvailable',
        'The service is temporarily unavailable. Retry after the delay in Retry-After.',
      ),
      503,
    );
  },
  unsupportedMediaType: (c) => c.json(envelope(c, 'notSupported', 'Content-Type must be application/json.'), 415),
  internal: (c) => c.json(envelope(c, 'generalException', 'An internal server error occurred.'), 500),
};

function lastSegment(path: string): string {
  return path.split('/').filter(Boolean).pop() ?? '';
}
