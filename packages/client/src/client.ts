import createClient, { type MaybeOptionalInit, type Middleware } from 'openapi-fetch';
import type { HttpMethod, PathsWithMethod, RequiredKeysOf } from 'openapi-typescript-helpers';
import { ApiError, ContractViolationError, type Family, isEnvelope, UnexpectedResponseError } from './errors.ts';
import { METHODS, type Method } from './generated/families.gen.ts';
import { authMiddleware, type RetryOptions, retryMiddleware, timeoutMiddleware } from './middleware.ts';
import type { ApiData, ApiResult } from './result.ts';

/** Checks a response against the contract; returns the problems (empty when it conforms). */
export type ResponseValidator = (check: { method: string; path: string; status: number; body: unknown }) => string[];

export interface ClientOptions {
  // Every option also takes `undefined` (an unset environment variable, say), also under
  // `exactOptionalPropertyTypes`.
  /** Base URL of the family (defaults to its upstream base URL). */
  baseUrl?: string | undefined;
  /** A bearer token, or a function that returns one for each attempt (for tokens that expire). */
  token?: string | undefined;
  getToken?: (() => string | undefined | Promise<string | undefined>) | undefined;
  /** Custom fetch (defaults to globalThis.fetch). */
  fetch?: ((request: Request) => Promise<Response>) | undefined;
  /** Headers sent with every request. */
  headers?: Record<string, string> | undefined;
  /** Bounded retries of idempotent requests on 429 and 503 (default: 2 retries). */
  retry?: RetryOptions | false | undefined;
  /** Overall timeout of one call, retries included, in ms. */
  timeoutMs?: number | undefined;
  /** Opt-in runtime response validation (development and tests): see `@device-commands/client/validation`. A violation throws a `ContractViolationError` with `problems`. */
  validateResponses?: ResponseValidator | undefined;
  /** Throw an `ApiError` for any non-2xx answer and return the success body. */
  throwOnError?: boolean | undefined;
  /**
   * openapi-fetch middleware (`onRequest`, `onResponse`, `onError`), run before the client's own
   * auth, timeout and retries on the way out, and after them on the way back.
   */
  middleware?: Middleware[] | undefined;
}

/** Options exactly: a misspelt option (`throwOnErorr`) beside real ones is a compile error. */
export type ExactOptions<O> = O & { [K in Exclude<keyof O, keyof ClientOptions>]: never };

/** What `throwOnError` makes of a call's answer: the body (true), a result (false or unset), either (a boolean). */
export type Throwing<O extends ClientOptions> = 'throwOnError' extends keyof O
  ? [O['throwOnError']] extends [true]
    ? true
    : [O['throwOnError']] extends [false | undefined]
      ? false
      : boolean
  : false;

type InitParam<Init> =
  RequiredKeysOf<Init> extends never ? [(Init & { [key: string]: unknown })?] : [Init & { [key: string]: unknown }];
// biome-ignore lint/complexity/noBannedTypes: openapi-fetch's own constraint on a paths object (an interface has no index signature)
type AnyPaths = {};
type OpOf<Item, M extends HttpMethod> = M extends keyof Item ? Item[M] : never;

/** A call of one method: typed by path, parameters and body, answering a status-narrowable result. */
export type Call<Paths extends AnyPaths, M extends HttpMethod, T extends boolean, Allowed extends string> = <
  P extends Extract<PathsWithMethod<Paths, M>, Allowed>,
  Init extends MaybeOptionalInit<Paths[P] & Record<M, unknown>, M>,
>(
  path: P,
  ...init: InitParam<Init>
) => Promise<Answer<OpOf<Paths[P], M>, T>>;

/** A per-operation helper (generated, one per operationId): the path is fixed, the rest as a path call. */
export type OperationCall<
  P extends string,
  M extends HttpMethod,
  F extends Family,
  Paths extends AnyPaths = import('./generated/types.gen.ts').paths,
> = <T extends boolean>(
  client: TypedClient<Paths, import('./generated/families.gen.ts').FamilyPaths[F], T>,
  ...init: InitParam<MaybeOptionalInit<Paths[P & keyof Paths] & Record<M, unknown>, M>>
) => Promise<Answer<OpOf<Paths[P & keyof Paths], M>, T>>;

/** Builds a per-operation helper (used by the generated operations.gen.ts). */
export const operation = (method: Method, path: string): never =>
  ((client: Record<Method, (path: string, ...init: unknown[]) => unknown>, ...init: unknown[]) =>
    client[method](path, ...init)) as never;

/** A call's answer for one operation: the success body, a status-narrowable result, or (boolean) either. */
export type Answer<Op, T extends boolean> = [T] extends [true]
  ? ApiData<Op>
  : [T] extends [false]
    ? ApiResult<Op>
    : ApiData<Op> | ApiResult<Op>;

/**
 * One call per HTTP method the contract uses (generated: `METHODS`), each accepting only the paths
 * of the client's family (`Allowed`).
 */
export type TypedClient<Paths extends AnyPaths, Allowed extends string, T extends boolean = false> = {
  [M in Method]: Call<Paths, Lowercase<M> & HttpMethod, T, Allowed>;
} & {
  /** The family this client talks to. */
  readonly family: Family;
  readonly baseUrl: string;
  /** Type-level only (never set): the paths this client accepts, so that clients of two families differ. */
  readonly paths?: Allowed;
  /** Adds middleware after the client's own (it sees each attempt's request last and its response first). */
  use(...middleware: Middleware[]): void;
  /** Removes middleware added with `use` or the `middleware` option. */
  eject(...middleware: Middleware[]): void;
};

export type ClientFor<Paths extends AnyPaths, Allowed extends string, O extends ClientOptions> = TypedClient<
  Paths,
  Allowed,
  Throwing<O>
>;

export function createTypedClient<Paths extends AnyPaths, Allowed extends string, O extends ClientOptions>(
  family: Family,
  defaultBaseUrl: string,
  options: O,
): ClientFor<Paths, Allowed, O> {
  const baseUrl = (options.baseUrl ?? defaultBaseUrl).replace(/\/$/, '');
  const { token, getToken, validateResponses, throwOnError } = options;
  const raw = options.fetch ?? ((request: Request) => globalThis.fetch(request));
  const fetch = (request: Request): Promise<Response> => {
    // A custom fetch may ignore the signal: an aborted call never reaches it.
    if (request.signal.aborted) return Promise.reject(request.signal.reason);
    return raw(request).then((response) => expectJson(family, response));
  };
  const client = createClient<Paths>({ baseUrl, ...(options.headers && { headers: options.headers }), fetch });
  const tokenSource = getToken ?? (() => token);
  // Auth and retries as one middleware when there is no timeout between them: one hook less per call.
  const auth = authMiddleware(tokenSource);
  const retry = options.retry === false ? undefined : retryMiddleware(options.retry ?? {}, tokenSource, fetch);
  client.use(
    ...(options.middleware ?? []),
    ...(options.timeoutMs === undefined
      ? [retry ? combine(auth, retry) : auth]
      : [auth, timeoutMiddleware(options.timeoutMs), ...(retry ? [retry] : [])]),
  );
  const call = (method: Method) => async (path: string, init?: object) => {
    const { data, error, response } = await (
      client[method] as (p: string, i?: object) => Promise<{ data?: unknown; error?: unknown; response: Response }>
    )(path, init);
    if (!response.ok && !isEnvelope(family, error))
      throw new UnexpectedResponseError(
        family,
        response,
        typeof error === 'string' ? error : (JSON.stringify(error) ?? ''),
      );
    const body = response.ok ? data : error;
    const problems = validateResponses?.({ method: method.toLowerCase(), path, status: response.status, body });
    if (problems?.length) throw new ContractViolationError(family, response, body, problems);
    if (throwOnError) {
      if (!response.ok) throw new ApiError(family, response, error);
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
  return {
    family,
    baseUrl,
    ...calls,
    use: (...m: Middleware[]) => client.use(...m),
    eject: (...m: Middleware[]) => client.eject(...m),
  } as unknown as ClientFor<Paths, Allowed, O>;
}

/**
 * A success body that is not JSON (an HTML page from a proxy, say) is not any documented answer: it
 * becomes an `UnexpectedResponseError` with its first bytes, instead of a JSON parse error.
 */
function expectJson(family: Family, response: Response): Response | Promise<Response> {
  if (!response.ok || response.status === 204 || response.headers.get('content-length') === '0') return response;
  const type = response.headers.get('content-type') ?? '';
  if (JSON_TYPE.test(type)) return response;
  return response.text().then((text) => {
    throw new UnexpectedResponseError(family, response, text);
  });
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** One middleware doing what two do, in order: `first`'s request hook, then `second`'s. */
function combine(first: Middleware, second: Middleware): Middleware {
  return {
    onRequest: (params) => {
      const then = (result: unknown) => {
        const request = (result ?? params.request) as Request | Response;
        if (request instanceof Response) return request;
        return second.onRequest?.({ ...params, request }) ?? request;
      };
      // Synchronous while both hooks are (a static token): no promise of its own.
      const result = first.onRequest?.(params);
      return result instanceof Promise ? result.then(then) : then(result);
    },
    onResponse: (params) => second.onResponse?.(params),
  };
}
