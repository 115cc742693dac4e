/**
 * Applivery's error envelope, `{status: false, error: {code, message}}`: the only module that builds
 * Android error bodies. Codes and messages are the contract's (openapi/README.md, "Error codes").
 */
import type { Context } from 'hono';
import { challenge, describeIssue, type FamilyErrors, type Issue } from './types.ts';

const envelope = <C extends number, M extends string>(code: C, message: M) =>
  ({ status: false, error: { code, message } }) as const;

/** Bodies with literal types, for handlers whose responses are type-checked against the spec. */
export const androidBodies = {
  entityNotFound: () => envelope(3001, 'Entity not found'),
  noAuthToken: () => envelope(4002, 'No auth token'),
  invalidToken: () => envelope(4004, 'Invalid Token'),
  forbidden: () => envelope(4003, 'Forbidden'),
  billingPlan: () => envelope(5050, 'Feature not allowed for you billing plan'),
  commandNotPending: () => envelope(5052, 'EmmCommand status not Pending'),
  unsupportedMediaType: () => envelope(1004, 'Unsupported media type'),
  payloadTooLarge: () => envelope(1005, 'Payload too large'),
  routeNotFound: () => envelope(1002, 'Route not found'),
  headersTooLarge: () => envelope(1006, 'Request header fields too large'),
  requestTimeout: () => envelope(1007, 'Request timeout'),
  unavailable: () => envelope(1008, 'Service unavailable'),
  methodNotAllowed: () => envelope(1003, 'Method not allowed'),
  internal: () => envelope(1000, 'Internal error'),
  validation: (issues: Issue[]) =>
    ({
      status: false,
      error: {
        code: 3000,
        message: issues.length > 0 ? issues.map(describeIssue).join('; ') : 'Validation error',
        data: { issues: issues.map(({ location, path, message }) => ({ location, path, message })) },
      },
    }) as const,
};

export const androidErrors: FamilyErrors = {
  family: 'android',
  validation: (c, issues) => c.json(androidBodies.validation(issues), 400),
  malformedJson: (c) =>
    c.json(
      androidBodies.validation([{ location: 'body', path: '', code: 'invalid_json', message: 'Malformed JSON body' }]),
      400,
    ),
  missingToken: (c) => {
    challenge(c, 'android');
    return c.json(androidBodies.noAuthToken(), 401);
  },
  invalidToken: (c) => {
    challenge(c, 'android', 'The token is not valid.');
    return c.json(androidBodies.invalidToken(), 401);
  },
  forbidden: (c) => c.json(androidBodies.forbidden(), 403),
  notFound: (c) => c.json(androidBodies.entityNotFound(), 404),
  routeNotFound: (c) => c.json(androidBodies.routeNotFound(), 404),
  methodNotAllowed: (c, allow) => {
    c.header('Allow', allow.join(', '));
    return c.json(androidBodies.methodNotAllowed(), 405);
  },
  payloadTooLarge: (c) => c.json(androidBodies.payloadTooLarge(), 413),
  unsupportedMediaType: (c) => c.json(androidBodies.unsupportedMediaType(), 415),
  headersTooLarge: (c) => c.json(androidBodies.headersTooLarge(), 431),
  requestTimeout: (c) => c.json(androidBodies.requestTimeout(), 408),
  unavailable: (c, retryAfterSeconds) => {
    c.header('Retry-After', String(retryAfterSeconds));
    return c.json(androidBodies.unavailable(), 503);
  },
  internal: (c: Context) => c.json(androidBodies.internal(), 500),
};
