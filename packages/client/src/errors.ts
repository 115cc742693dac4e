import { ERROR_ENVELOPE_REQUIRED, type FamilyErrorEnvelopes, type FamilyId } from './generated/families.gen.ts';

/** A family the contract declares (generated). */
export type Family = FamilyId;

/**
 * An error answer in the family's documented envelope: thrown by a client created with
 * `throwOnError: true` for any non-2xx answer. Carries the family, the status, the family's error
 * code (Applivery's number or Graph's string), the message, the request id and the body.
 *
 * `instanceof ApiError` gives the family-neutral view (`body: unknown`); `isApiError(e)` or
 * `isApiError(e, 'android')` narrow to the family's envelope, where `family`, `code` and `body`
 * narrow together.
 */
export class ApiError extends Error {
  declare readonly family: Family;
  declare readonly status: number;
  /** The family's error code, where its envelope has one (`error.code`: Applivery's number, Graph's string). */
  declare readonly code: number | string | undefined;
  declare readonly requestId: string | null;
  declare readonly body: unknown;
  declare readonly response: Response;

  constructor(family: Family, response: Response, body: unknown) {
    const error = (body as { error?: { code?: unknown; message?: unknown } }).error;
    const code = typeof error?.code === 'number' || typeof error?.code === 'string' ? error.code : undefined;
    const message = typeof error?.message === 'string' ? error.message : response.statusText;
    super(`${family} ${response.status}${code === undefined ? '' : ` (${code})`}: ${message}`);
    Object.assign(this, {
      name: 'ApiError',
      family,
      status: response.status,
      code,
      requestId: response.headers.get('request-id'),
      body,
      response,
    });
  }
}

/** An `ApiError` of one family: its envelope, with `code` typed as that family's codes are. */
export type FamilyApiError<F extends Family> = ApiError & {
  readonly family: F;
  readonly body: FamilyErrorEnvelopes[F];
  readonly code: FamilyErrorEnvelopes[F] extends { error: { code: infer C } } ? C : undefined;
};

/** An `ApiError` of any family, as a union that `family` narrows. */
export type AnyApiError = { [F in Family]: FamilyApiError<F> }[Family];

export function isApiError(error: unknown): error is AnyApiError;
export function isApiError<F extends Family>(error: unknown, family: F): error is FamilyApiError<F>;
export function isApiError(error: unknown, family?: Family): boolean {
  return error instanceof ApiError && (family === undefined || error.family === family);
}

/**
 * An answer that is not what the contract documents as any answer: a body that is not JSON, or an
 * error body that is not the family's envelope (a gateway's HTML 502, a proxy's plain-text 503).
 * Thrown in both styles, since no documented result type describes it.
 */
export class UnexpectedResponseError extends Error {
  declare readonly family: Family;
  declare readonly status: number;
  declare readonly contentType: string | null;
  /** The first 512 characters of the body. */
  declare readonly text: string;
  declare readonly response: Response;

  constructor(family: Family, response: Response, text: string) {
    const contentType = response.headers.get('content-type');
    super(
      `${family} ${response.status}: unexpected ${contentType ?? 'untyped'} answer, not the contract's: ${text.slice(0, 80)}`,
    );
    Object.assign(this, {
      name: 'UnexpectedResponseError',
      family,
      status: response.status,
      contentType,
      text: text.slice(0, 512),
      response,
    });
  }
}

/** A response that breaks the contract (opt-in validation): `problems` says how. */
export class ContractViolationError extends Error {
  declare readonly family: Family;
  declare readonly status: number;
  declare readonly problems: string[];
  declare readonly body: unknown;
  declare readonly response: Response;

  constructor(family: Family, response: Response, body: unknown, problems: string[]) {
    super(`${family} ${response.status} breaks the contract: ${problems.join('; ')}`);
    Object.assign(this, { name: 'ContractViolationError', family, status: response.status, problems, body, response });
  }
}

/** Whether a parsed body is the family's error envelope: an object with every member its schema requires. */
export function isEnvelope(family: Family, body: unknown): boolean {
  return (
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    ERROR_ENVELOPE_REQUIRED[family].every((member) => member in body)
  );
}
