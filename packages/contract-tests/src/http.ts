/**
 * Every request the suite sends goes through one Transport, which keeps the suite safe to point at a
 * real service: a request budget and a token-bucket rate limit, both honoured exactly; a timeout per
 * request; `Retry-After` respected on 429 and 503; an abort signal (Ctrl-C); and, in a read-only run,
 * a refusal to send any method that may change state.
 */
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export interface TransportOptions {
  /** At most this many requests in the whole run (undefined: no limit). */
  maxRequests?: number | undefined;
  /** At most this many requests per second (undefined: no limit). */
  rps?: number | undefined;
  /** Per request, in ms. */
  timeoutMs: number;
  /** Refuse unsafe methods. */
  readOnly: boolean;
  signal: AbortSignal;
  /** Longest `Retry-After` the suite waits for, in ms. */
  maxRetryAfterMs?: number;
}

export class BudgetExhausted extends Error {
  override name = 'BudgetExhausted';
}
/** A check tried to send a state-changing request in a read-only run: the check is skipped. */
export class ReadOnlyRefusal extends Error {
  override name = 'ReadOnlyRefusal';
  readonly method: string;
  readonly url: string;
  constructor(method: string, url: string) {
    super(`--read-only: it sends ${method} requests, which may change state`);
    this.method = method;
    this.url = url;
  }
}
export class Aborted extends Error {
  override name = 'Aborted';
}

export interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | undefined;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(new Aborted('aborted'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new Aborted('aborted'));
      },
      { once: true },
    );
  });

/** Seconds or an HTTP date, as RFC 9110 10.2.3 allows; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null, now = Date.now()): number | undefined {
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

export class Transport {
  readonly options: TransportOptions;
  /** Requests sent so far (retries included). */
  sent = 0;
  /** Every request sent, in order (for the recording tests and the report). */
  readonly log: Sent[] = [];
  private nextSlot = 0;
  constructor(options: TransportOptions) {
    this.options = options;
  }

  /** Waits for the rate limit: a bucket of one token, refilled every 1/rps s, so requests are spaced exactly. */
  private async slot(): Promise<void> {
    const { rps } = this.options;
    if (!rps) return;
    const now = performance.now();
    const at = Math.max(now, this.nextSlot);
    this.nextSlot = at + 1000 / rps;
    if (at > now) await sleep(at - now, this.options.signal);
  }

  async fetch(request: Sent): Promise<Response> {
    const { signal } = this.options;
    if (this.options.readOnly && !SAFE_METHODS.has(request.method))
      throw new ReadOnlyRefusal(request.method, request.url);
    for (let attempt = 0; ; attempt++) {
      if (signal.aborted) throw new Aborted('aborted');
      if (this.options.maxRequests !== undefined && this.sent >= this.options.maxRequests)
        throw new BudgetExhausted(`the request budget (--max-requests ${this.options.maxRequests}) is spent`);
      await this.slot();
      this.sent++;
      this.log.push(request);
      let response: Response;
      try {
        response = await fetch(request.url, {
          method: request.method,
          headers: request.headers,
          ...(request.body === undefined ? {} : { body: request.body }),
          signal: AbortSignal.any([signal, AbortSignal.timeout(this.options.timeoutMs)]),
          redirect: 'manual',
        });
      } catch (error) {
        if (signal.aborted) throw new Aborted('aborted');
        if ((error as Error).name === 'TimeoutError')
          throw new Error(`${request.method} ${request.url}: no answer within ${this.options.timeoutMs} ms`);
        throw error;
      }
      const wait =
        response.status === 429 || response.status === 503
          ? retryAfterMs(response.headers.get('retry-after'))
          : undefined;
      if (wait === undefined || attempt >= 2 || wait > (this.options.maxRetryAfterMs ?? 30_000)) return response;
      await response.arrayBuffer();
      await sleep(wait, signal);
    }
  }
}

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;

/** One line of shell that sends exactly this request (to the target, not through Prism). */
export function curlOf(request: Sent): string {
  const parts = ['curl', '-sS', '-i'];
  if (request.method !== 'GET') parts.push('-X', request.method);
  parts.push(quote(request.url));
  for (const [name, value] of Object.entries(request.headers)) parts.push('-H', quote(`${name}: ${value}`));
  if (request.body !== undefined) parts.push('--data-raw', quote(request.body));
  return parts.join(' ');
}
