/**
 * What the monitor has seen: exchanges by family × operation × status, violations by family ×
 * operation × rule (count, first and last seen, one redacted example), what could not be judged, and
 * how long judging took. Read by the metrics endpoint and the report; memory is bounded by the
 * number of operations × statuses × rules, never by the traffic.
 */
import type { Finding, Seen } from './examine.ts';

export interface Example {
  method: string;
  url: string;
  status: number;
  requestHeaders: Record<string, string>;
  requestBody?: string;
  responseBody?: string;
}

export interface Violation {
  family: string;
  operation: string;
  rule: string;
  detail: string;
  count: number;
  firstSeen: string;
  lastSeen: string;
  example: Example;
}

/** Upper bounds (seconds) of the judging-latency histogram. */
export const JUDGE_BUCKETS = [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.1];

const SECRET_HEADERS = new Set(['authorization', 'cookie', 'proxy-authorization', 'x-api-key']);

/** A body for the report: kept with --keep-bodies, otherwise its size only. */
function masked(body: string | undefined | null, keep: boolean): string | undefined {
  if (body === undefined || body === '') return undefined;
  if (body === null) return '<over the limit, not kept>';
  return keep ? body : `<${Buffer.byteLength(body)} bytes, masked: --keep-bodies keeps them>`;
}

export class Ledger {
  readonly started = new Date();
  readonly keepBodies: boolean;
  /** family|operation|status → count */
  readonly exchanges = new Map<string, number>();
  readonly violations = new Map<string, Violation>();
  /** reason → count */
  readonly unjudged = new Map<string, number>();
  readonly judgeBuckets = JUDGE_BUCKETS.map(() => 0);
  judgeCount = 0;
  judgeSeconds = 0;
  /** Exchanges forwarded but not judged (--sample). */
  notSampled = 0;
  constructor(keepBodies: boolean) {
    this.keepBodies = keepBodies;
  }

  exchange(family: string, operation: string, status: number): void {
    const key = `${family}|${operation}|${status}`;
    this.exchanges.set(key, (this.exchanges.get(key) ?? 0) + 1);
  }

  unjudge(reason: string): void {
    this.unjudged.set(reason, (this.unjudged.get(reason) ?? 0) + 1);
  }

  judged(seconds: number): void {
    this.judgeCount++;
    this.judgeSeconds += seconds;
    JUDGE_BUCKETS.forEach((le, i) => {
      if (seconds <= le) this.judgeBuckets[i] = (this.judgeBuckets[i] ?? 0) + 1;
    });
  }

  violation(family: string, operation: string, finding: Finding, seen: Seen): void {
    const key = `${family}|${operation}|${finding.rule}`;
    const now = new Date().toISOString();
    const known = this.violations.get(key);
    if (known) {
      known.count++;
      known.lastSeen = now;
      return;
    }
    const requestHeaders: Record<string, string> = {};
    for (const [name, value] of Object.entries(seen.requestHeaders)) {
      if (value === undefined) continue;
      const text = Array.isArray(value) ? value.join(', ') : value;
      requestHeaders[name] = SECRET_HEADERS.has(name)
        ? text.replace(/^(\S+\s+)?.*$/, (_, scheme: string | undefined) => `${scheme ?? ''}<redacted>`)
        : text;
    }
    const requestBody = masked(seen.requestBody, this.keepBodies);
    const responseBody = masked(seen.responseBody, this.keepBodies);
    this.violations.set(key, {
      family,
      operation,
      rule: finding.rule,
      detail: finding.detail,
      count: 1,
      firstSeen: now,
      lastSeen: now,
      example: {
        method: seen.method,
        url: seen.url,
        status: seen.status,
        requestHeaders,
        ...(requestBody === undefined ? {} : { requestBody }),
        ...(responseBody === undefined ? {} : { responseBody }),
      },
    });
  }

  /** Every exchange counted so far. */
  total(): number {
    let n = 0;
    for (const count of this.exchanges.values()) n += count;
    return n;
  }
}
