import createClient, { type MaybeOptionalInit } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ApiError, type Family } from './errors.ts';
import { METHODS, type Method } from './generated/families.gen.ts';
import type { ApiData, ApiResult } from './result.ts';
import { type RetryOptions, transport } from './transport.ts';

/** Checks a response against the contract; returns the problems (empty when it conforms). */
export type ResponseValidator = (check: { method: string; path: string; status: number; body: unknown }) => string[];

export interface ClientOptions {
  /** Base URL of the family (defaults to its upstream base URL). */
  baseUrl?: string;
  /** A bearer token, or a function that returns one for each request (for tokens that expire). */
  token?: string;
  getToken?: () => string | Promise<string>;
  /** Custom fetch (defaults to globalThis.fetch). */
  fetch?: (request: Request) => Promise<Response>;
  /** Headers sent with every request. */
  headers?: Record<string, string>;
  /** Bounded retries of idempotent requests on 429 and 503 (default: 2 retries). */
  retry?: RetryOptions | false;
  /** Overall timeout of one call, retries included, in ms. */
  timeoutMs?: number;
  /** Opt-in runtime response validation (development and tests): see `@device-commands/client/validation`. A violation throws an `ApiError` with `problems`. */
  validateResponses?: ResponseValidator;
  /** Throw an `ApiError` for any non-2xx answer and return the success body. */
  throwOnError?: boolean;
}

type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
// biome-ignore lint/complexity/noBannedTypes: openapi-fetch's own constraint on a paths object (an interface has no index signature)
type AnyPaths = {};
type OpOf<Item, M extends HttpMethod> = M extends keyof Item ? Item[M] : never;

/** A call of one method: typed by path, parameters and body, answering a status-narrowable result. */
export type Call<Paths extends AnyPaths, M extends HttpMethod, Throwing extends boolean, Allowed extends string> = <
  P extends Extract<PathsWithMethod<Paths, M>, Allowed>,
  Init extends MaybeOptionalInit<Paths[P] & Record<M, unknown>, M>,
>(
  path: P,
  ...init: InitParam<Init>
) => Promise<Throwing extends true ? ApiData<OpOf<Paths[P], M>> : ApiResult<OpOf<Paths[P], M>>>;

/**
 * One call per HTTP method the contract uses (generated: `METHODS`), each accepting only the paths
 * of the client's family (`Allowed`).
 */
export type TypedClient<Paths extends AnyPaths, Allowed extends string, Throwing extends boolean = false> = {
  [M in Method]: Call<Paths, Lowercase<M> & HttpMethod, Throwing, Allowed>;
} & {
  /** The family this client talks to. */
  readonly family: Family;
  readonly baseUrl: string;
};

export type ClientFor<Paths extends AnyPaths, Allowed extends string, O extends ClientOptions> = TypedClient<
  Paths,
  Allowed,
  O['throwOnError'] extends true ? true : false
>;

export function createTypedClient<Paths extends AnyPaths, Allowed extends string, O extends ClientOptions>(
  family: Family,
  defaultBaseUrl: string,
  options: O,
): ClientFor<Paths, Allowed, O> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/$/, '');
  const { token, getToken, validateResponses, throwOnError } = options;
  const client = createClient<Paths>({
    baseUrl,
    ...(options.headers && { headers: options.headers }),
    fetch: transport({
      fetch: options.fetch,
      token: getToken ?? (() => token),
      retry: options.retry === false ? { retries: 0 } : (options.retry ?? {}),
      timeoutMs: options.timeoutMs,
    }),
  });
  const call = (method: Method) => async (path: string, init?: object) => {
    const { data, error, response } = await (
      client[method] as (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>
    )(path, init);
    const body = response.ok ? data : error;
    const problems = validateResponses?.({ method: method.toLowerCase(), path, status: response.status, body });
    if (problems?.length) throw new ApiError(family, response, body, problems);
    if (throwOnError) {
      if (!response.ok) throw new ApiError(family, response, body);
      return data;
    }
    return {
      status: response.status,
      ok: response.ok,
      data,
      error,
      response,
      requestId: response.headers.get('request-id'),
    };
  };
  const calls = Object.fromEntries(METHODS.map((method) => [method, call(method)]));
  return { family, baseUrl, ...calls } as unknown as ClientFor<Paths, Allowed, O>;
}
