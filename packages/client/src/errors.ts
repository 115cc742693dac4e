import type { FamilyId } from './generated/families.gen.ts';

/** A family the contract declares (generated). */
export type Family = FamilyId;

/**
 * Thrown by a client created with `throwOnError: true` for any non-2xx answer, and by opt-in
 * response validation for a response that breaks the contract (then `problems` lists how). Carries
 * the family, the status, the family's error code (Applivery's number or Graph's string), the
 * message, the request id and the body.
 */
export class ApiError<Body = unknown> extends Error {
  declare readonly family: Family;
  declare readonly status: number;
  declare readonly code: number | string | undefined;
  declare readonly requestId: string | null;
  declare readonly body: Body;
  declare readonly response: Response;
  /** Set when the error reports a contract violation rather than an error answer. */
  declare readonly problems: string[] | undefined;

  constructor(family: Family, response: Response, body: Body, problems?: string[]) {
    const error = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error;
    const code = error?.code as number | string | undefined;
    super(
      `${family} ${response.status}${code === undefined ? '' : ` (${code})`}: ${
        problems ? `breaks the contract: ${problems.join('; ')}` : (error?.message ?? response.statusText)
      }`,
    );
    Object.assign(this, {
      name: 'ApiError',
      family,
      status: response.status,
      code,
      requestId: response.headers.get('request-id'),
      body,
      response,
      problems,
    });
  }
}
