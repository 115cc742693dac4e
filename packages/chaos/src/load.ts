/**
 * A small load driver: workers that send one kind of request after another, each with a deadline,
 * and record every answer (status, time, what it acknowledged). Fetch over keep-alive, loopback only.
 */

export interface Sent {
  kind: string;
  /** 0 when no answer arrived (connection refused or reset, or the deadline passed). */
  status: number;
  ms: number;
  at: number;
  /** The id the server acknowledged creating or cancelling, if it did. */
  acknowledged?: string;
  /** For 503: the Retry-After header, and whether the body was the family's envelope. */
  retryAfter?: string | null;
  envelope?: boolean;
  /** The error code of the envelope, for the report. */
  code?: string;
  error?: string;
}

export interface Request {
  kind: string;
  method: string;
  url: string;
  token: string;
  body?: unknown;
  /** Reads what the answer acknowledged (an id), when it is a success. */
  acknowledges?: (body: unknown) => string | undefined;
  /** Whether an error body is the family's envelope. */
  isEnvelope: (body: unknown) => boolean;
}

export async function send(request: Request, deadlineMs: number): Promise<Sent> {
  const started = performance.now();
  const at = Date.now();
  try {
    const res = await fetch(request.url, {
      method: request.method,
      headers: {
        authorization: `Bearer ${request.token}`,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
      signal: AbortSignal.timeout(deadlineMs),
    });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    const sent: Sent = { kind: request.kind, status: res.status, ms: performance.now() - started, at };
    if (res.ok) {
      const id = request.acknowledges?.(body);
      if (id) sent.acknowledged = id;
    } else {
      sent.envelope = request.isEnvelope(body);
      const code = (body as { error?: { code?: unknown } } | undefined)?.error?.code;
      if (code !== undefined) sent.code = String(code);
      if (res.status === 503) sent.retryAfter = res.headers.get('retry-after');
    }
    return sent;
  } catch (error) {
    return {
      kind: request.kind,
      status: 0,
      ms: performance.now() - started,
      at,
      error: error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.name) : String(error),
    };
  }
}

/**
 * Runs `workers` loops until `until()` says stop; each loop asks `next(i)` for its next request
 * (or waits `pauseMs` when it returns undefined).
 */
export async function drive(options: {
  workers: number;
  next: (worker: number) => Request | undefined;
  until: () => boolean;
  deadlineMs: number;
  /** Pause between a worker's requests (a moderate rate), 0 for as fast as answers come. */
  pauseMs?: number;
  /** Wait as long as a 503's `Retry-After` says before the next request, as well-behaved clients do. */
  honourRetryAfter?: boolean;
  record: (sent: Sent) => void;
}): Promise<void> {
  await Promise.all(
    Array.from({ length: options.workers }, async (_, worker) => {
      while (!options.until()) {
        const request = options.next(worker);
        const sent = request ? await send(request, options.deadlineMs) : undefined;
        if (sent) options.record(sent);
        const retryAfter = options.honourRetryAfter && sent?.status === 503 ? Number(sent.retryAfter) * 1000 : 0;
        const pause = Math.max(retryAfter || 0, options.pauseMs || (request ? 0 : 10));
        if (pause > 0) await new Promise((r) => setTimeout(r, pause));
      }
    }),
  );
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

/** Counts by status, as `{ "201": 40, "503": 3 }`. */
export function byStatus(sent: Sent[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const s of sent) {
    const key = s.code ? `${s.status} (${s.kind}: ${s.code})` : String(s.status);
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
