/**
 * The client's behaviour as openapi-fetch middleware, so that a user's own middleware composes with
 * it: bearer auth (the token asked for on every attempt), an overall timeout, and bounded retries
 * with exponential backoff and jitter for idempotent requests answered 429 or 503, honouring
 * `Retry-After` (seconds or an HTTP date). Every wait ends at once when the call's signal aborts.
 */
import type { Middleware } from 'openapi-fetch';

export type { Middleware } from 'openapi-fetch';

export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 disables). */
  retries?: number | undefined;
  /** First backoff in ms, doubled each retry (default 200). */
  baseDelayMs?: number | undefined;
  /** Upper bound of one wait, including a server's Retry-After (default 5000). */
  maxDelayMs?: number | undefined;
}

export type TokenSource = () => string | undefined | Promise<string | undefined>;

export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\s*\d+\s*$/.test(header) ? +header * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

async function authorize(request: Request, token: TokenSource): Promise<void> {
  const value = await token();
  if (value) request.headers.set('Authorization', `Bearer ${value}`);
}

/** `Authorization: Bearer <token>`, with the token asked for on each request (synchronously when it can be). */
export function authMiddleware(token: TokenSource): Middleware {
  const set = (request: Request, value: string | undefined) => {
    if (value) request.headers.set('Authorization', `Bearer ${value}`);
    return request;
  };
  return {
    onRequest({ request }) {
      const value = token();
      return value instanceof Promise ? value.then((v) => set(request, v)) : set(request, value);
    },
  };
}

/** One deadline for the whole call, retries and their waits included: a `TimeoutError` after it. */
export function timeoutMiddleware(timeoutMs: number): Middleware {
  return {
    onRequest: ({ request }) =>
      new Request(request, { signal: AbortSignal.any([request.signal, AbortSignal.timeout(timeoutMs)]) }),
  };
}

/** Waits `ms`, or rejects with the signal's reason as soon as it aborts. */
function wait(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

const IDEMPOTENT = /^(GET|HEAD|OPTIONS|PUT|DELETE)$/;

/**
 * Retries idempotent requests answered 429 or 503, each attempt with a fresh token. POSTs are never
 * retried. Registered last, so it sees the request as every other middleware left it.
 */
export function retryMiddleware(
  options: RetryOptions,
  token: TokenSource,
  fetch: (request: Request) => Promise<Response>,
): Middleware {
  const { retries = 2, baseDelayMs = 200, maxDelayMs = 5000 } = options;
  // A body can be sent once: a pristine copy of each retryable request with a body, taken before it
  // is sent (a request without a body can be sent again as it is). Both hooks stay synchronous on the
  // common path: a call that needs no retry pays no extra promise.
  const spares = new WeakMap<Request, Request>();
  const retry = async (request: Request, response: Response): Promise<Response> => {
    const spare = spares.get(request) ?? request;
    let current = response;
    for (let attempt = 0; attempt < retries && (current.status === 429 || current.status === 503); attempt++) {
      // Release the connection; not awaited, since a teed body only settles when both branches do.
      current.body?.cancel().catch(() => {});
      const backoff = baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2);
      await wait(Math.min(maxDelayMs, retryAfterMs(current.headers.get('retry-after')) ?? backoff), request.signal);
      const next = spare.body ? spare.clone() : new Request(spare);
      await authorize(next, token);
      current = await fetch(next);
    }
    return current;
  };
  return {
    onRequest({ request }) {
      if (retries > 0 && request.body && IDEMPOTENT.test(request.method)) spares.set(request, request.clone());
      return undefined;
    },
    onResponse({ request, response }) {
      if (retries === 0 || (response.status !== 429 && response.status !== 503) || !IDEMPOTENT.test(request.method))
        return undefined;
      return retry(request, response);
    },
  };
}
