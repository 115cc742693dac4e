/**
 * The fetch that the client hands to openapi-fetch: the bearer token, an overall timeout through
 * AbortSignal, and bounded retries with exponential backoff and jitter for idempotent requests
 * answered 429 or 503, honouring `Retry-After` (seconds or an HTTP date).
 */

export interface RetryOptions {
  /** Retries after the first attempt (default 2; 0 disables). */
  retries?: number;
  /** First backoff in ms, doubled each retry (default 200). */
  baseDelayMs?: number;
  /** Upper bound of one wait, including a server's Retry-After (default 5000). */
  maxDelayMs?: number;
}

export interface TransportOptions {
  fetch: ((request: Request) => Promise<Response>) | undefined;
  token: (() => string | undefined | Promise<string | undefined>) | undefined;
  retry: RetryOptions;
  /** Overall time for the request and its retries, in ms (default none). */
  timeoutMs: number | undefined;
}

export function retryAfterMs(header: string | null, now = Date.now()): number | undefined {
  if (!header) return undefined;
  const ms = /^\s*\d+\s*$/.test(header) ? +header * 1000 : Date.parse(header) - now;
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

export function transport(options: TransportOptions): (request: Request) => Promise<Response> {
  const { retries = 2, baseDelayMs = 200, maxDelayMs = 5000 } = options.retry;
  return async (request) => {
    const token = await options.token?.();
    if (token) request.headers.set('Authorization', `Bearer ${token}`);
    const signal =
      options.timeoutMs === undefined
        ? undefined
        : AbortSignal.any([request.signal, AbortSignal.timeout(options.timeoutMs)]);
    const canRetry = /^(GET|HEAD|OPTIONS|PUT|DELETE)$/.test(request.method);
    let next = request;
    for (let attempt = 0; ; attempt++) {
      // A body can be sent once: keep a copy for the next attempt (body-less requests are reusable).
      const spare = canRetry && next.body ? next.clone() : next;
      const response = await (options.fetch ?? fetch)(signal ? new Request(next, { signal }) : next);
      if (!canRetry || (response.status !== 429 && response.status !== 503) || attempt >= retries) return response;
      next = spare;
      // Release the connection; not awaited, since a teed body only settles when both branches do.
      response.body?.cancel().catch(() => {});
      const wait = Math.min(
        maxDelayMs,
        retryAfterMs(response.headers.get('retry-after')) ?? baseDelayMs * 2 ** attempt * (0.5 + Math.random() / 2),
      );
      await new Promise((resolve, reject) => {
        const timer = setTimeout(resolve, wait);
        signal?.addEventListener(
          'abort',
          () => {
            clearTimeout(timer);
            reject(signal.reason);
          },
          { once: true },
        );
      });
    }
  };
}
