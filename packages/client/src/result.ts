/**
 * Results narrowable by status. Bare openapi-fetch returns one union of every error body, which
 * `response.status` cannot narrow; here each documented status is its own member, so after
 * `if (result.status === 404)` the error is exactly the 404 body.
 */

/** HTTP statuses a response may carry, for the `default` member of a result. */
export type KnownErrorStatus =
  | 400
  | 401
  | 402
  | 403
  | 404
  | 405
  | 406
  | 407
  | 408
  | 409
  | 410
  | 411
  | 412
  | 413
  | 414
  | 415
  | 416
  | 417
  | 418
  | 421
  | 422
  | 423
  | 424
  | 425
  | 426
  | 428
  | 429
  | 431
  | 451
  | 500
  | 501
  | 502
  | 503
  | 504
  | 505
  | 506
  | 507
  | 508
  | 510
  | 511;

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;
type Documented<Op> = Extract<keyof Responses<Op>, number>;
type Success<S> = S extends 200 | 201 | 202 | 203 | 204 | 205 | 206 ? S : never;

interface Common {
  /** The raw response (its body already read). */
  response: Response;
  /** The server's `request-id` header, if any. */
  requestId: string | null;
}

type Member<Op, S extends Documented<Op>> =
  S extends Success<S>
    ? { status: S; ok: true; data: JsonBody<Responses<Op>[S]>; error?: undefined }
    : { status: S; ok: false; data?: undefined; error: JsonBody<Responses<Op>[S]> };

type DefaultMember<Op> = 'default' extends keyof Responses<Op>
  ? {
      status: Exclude<KnownErrorStatus, Documented<Op>>;
      ok: false;
      data?: undefined;
      error: JsonBody<Responses<Op>['default']>;
    }
  : never;

/** The result of one operation: one member per documented status, plus `default`. */
export type ApiResult<Op> = ({ [S in Documented<Op>]: Member<Op, S> }[Documented<Op>] | DefaultMember<Op>) & Common;

/** The success body of an operation (what the throwing style returns). */
export type ApiData<Op> = Extract<ApiResult<Op>, { ok: true }>['data'];

/** Any error body of an operation. */
export type ApiErrorBody<Op> = Extract<ApiResult<Op>, { ok: false }>['error'];
