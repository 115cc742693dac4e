/**
 * Load shedding: when too many requests are in flight, or the event loop lags (the process is
 * saturated), a family request is refused at once with 503 and `Retry-After` in the family's
 * envelope, instead of queueing and letting every caller's latency grow without bound.
 */
import type { MiddlewareHandler } from 'hono';
import { FAMILIES } from '../families.ts';
import type { AppEnv } from './env.ts';
import { familyOf } from './routing.ts';

export interface SheddingLimits {
  /** Requests being handled at once (0: no limit). */
  maxInFlight: number;
  /** Event-loop lag, measured every 50 ms (0: not checked). */
  maxEventLoopDelayMs: number;
}

export interface LoadShedder {
  middleware: MiddlewareHandler<AppEnv>;
  /** Requests refused so far, and the lag last measured. */
  stats(): { shed: number; inFlight: number; lagMs: number };
  stop(): void;
}

const SAMPLE_MS = 50;

export function loadShedding(limits: SheddingLimits): LoadShedder {
  let inFlight = 0;
  let shed = 0;
  let lagMs = 0;
  let expected = performance.now() + SAMPLE_MS;
  const timer =
    limits.maxEventLoopDelayMs > 0
      ? setInterval(() => {
          const now = performance.now();
          lagMs = Math.max(0, now - expected);
          expected = now + SAMPLE_MS;
        }, SAMPLE_MS)
      : undefined;
  timer?.unref();
  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const family = familyOf(c.req.path);
    if (!family) return next();
    const overloaded =
      (limits.maxInFlight > 0 && inFlight >= limits.maxInFlight) ||
      (limits.maxEventLoopDelayMs > 0 && lagMs > limits.maxEventLoopDelayMs);
    if (overloaded) {
      shed++;
      return FAMILIES[family].errors.unavailable(c, 1);
    }
    inFlight++;
    try {
      await next();
    } finally {
      inFlight--;
    }
  };
  return {
    middleware,
    stats: () => ({ shed, inFlight, lagMs: Math.round(lagMs) }),
    stop: () => clearInterval(timer),
  };
}
