/**
 * Runs checks and records each as passed, failed (with the judge that objected, the expected and
 * actual answers, and a curl line that reproduces the request) or skipped (with the reason).
 */
import { isDeepStrictEqual } from 'node:util';
import type { FamilyConfig, Role } from './config.ts';
import { Aborted, BudgetExhausted, curlOf, ReadOnlyRefusal } from './http.ts';
import { type Exchange, JudgeFailure, type Oracle, type RequestSpec } from './oracle.ts';

/** What a check is about: a schema conformance (a stateless mock can pass), behaviour, or state. */
export type CheckKind = 'schema' | 'behaviour' | 'stateful';

export interface Check {
  /** Stable id, such as `auth.listMyDevices.no-token`. */
  id: string;
  /** The group it belongs to (auth, patterns, bodies, routes, tenancy, lists, flows, fuzz, coverage). */
  group: string;
  /** What it proves, as a sentence. */
  name: string;
  family?: string;
  operationId?: string;
  kind: CheckKind;
  /**
   * What in the contract demands what it asserts: JSON pointers into the dereferenced bundle
   * (`#/paths/…`, packages/spec/generated/openapi.dereferenced.json), a rule
   * of openapi/README.md (`openapi/README.md#error-codes`), or the RFC the contract defers to. Every
   * result, and so every failure in report.json, carries them.
   */
  demands: string[];
  /**
   * What it needs from the configuration: `token:<role>`, `path:<parameter>`, `other:<parameter>`,
   * `same:<parameter>`, `noFeature:<parameter>`, `command:<state>`, `create`. A missing need skips the check, with the reason.
   */
  needs?: string[];
  run(t: T): Promise<void>;
}

export interface FamilyRuntime {
  id: string;
  config: FamilyConfig;
  token(role: Role): string;
  /** A valid value of every path parameter (the full token's tenant's). */
  path: Record<string, string>;
  other: Record<string, string>;
  /** Another device (and one of its commands) of the full token's own tenant. */
  sameTenant: Record<string, string>;
  noFeature: Record<string, string>;
  commands: Record<string, string>;
}

export interface T {
  family(id?: string): FamilyRuntime;
  /** Sends through the family's Prism proxy; a judge's objection fails the check. */
  send(family: string, request: RequestSpec): Promise<Exchange>;
  /** Deep equality, or the check fails with both values (and the last exchange). */
  expect(actual: unknown, expected: unknown, what: string): void;
  /** The documented status and error code of an exchange. */
  expectAnswer(exchange: Exchange, status: number, code?: number | string): void;
  /** Seeded randomness (`--seed`). */
  random(): number;
  log(message: string): void;
}

export class CheckFailure extends Error {
  override name = 'CheckFailure';
  readonly expected: unknown;
  readonly actual: unknown;
  readonly exchange: Exchange | undefined;
  constructor(message: string, expected: unknown, actual: unknown, exchange: Exchange | undefined) {
    super(message);
    this.expected = expected;
    this.actual = actual;
    this.exchange = exchange;
  }
}

/** Thrown by a check that finds it cannot judge here (the reason is reported, never a pass). */
export class SkipCheck extends Error {
  override name = 'SkipCheck';
}

export interface Result {
  id: string;
  group: string;
  name: string;
  family: string | undefined;
  operationId: string | undefined;
  /** What in the contract demands it (Check.demands). */
  demands: string[];
  outcome: 'passed' | 'failed' | 'skipped';
  reason?: string;
  failure?: {
    message: string;
    judge: string;
    expected?: unknown;
    actual?: unknown;
    curl?: string;
    response?: { status: number; body: string };
  };
  ms: number;
  requests: number;
}

export const errorCode = (body: unknown): number | string | undefined =>
  (body as { error?: { code?: number | string } } | undefined)?.error?.code;

export interface RunOptions {
  oracle: Oracle;
  families: Record<string, FamilyRuntime>;
  /** Why a need is missing, or undefined when it is met. */
  missing(need: string, family: string | undefined): string | undefined;
  /** Why a check kind cannot run against this target (profile mock), or undefined. */
  kindSkipped(kind: CheckKind): string | undefined;
  random: () => number;
  signal: AbortSignal;
  /** Stop at the first failure (the fault corpus only needs one killing check). */
  failFast?: boolean;
  /** Why a check is left out of this run (`--sample`), or undefined. */
  excluded?: (check: Check) => string | undefined;
  onResult?: (result: Result) => void;
}

export async function runChecks(
  checks: Check[],
  options: RunOptions,
): Promise<{ results: Result[]; aborted?: string }> {
  const results: Result[] = [];
  for (const check of checks) {
    const base = {
      id: check.id,
      group: check.group,
      name: check.name,
      family: check.family,
      operationId: check.operationId,
      demands: check.demands,
    };
    if (options.signal.aborted) return { results, aborted: 'interrupted (Ctrl-C): partial report' };
    const kindReason = options.kindSkipped(check.kind);
    const needReason = (check.needs ?? []).map((n) => options.missing(n, check.family)).find(Boolean);
    const skip = kindReason ?? needReason ?? options.excluded?.(check);
    if (skip) {
      record({ ...base, outcome: 'skipped', reason: skip, ms: 0, requests: 0 });
      continue;
    }
    let last: Exchange | undefined;
    let requests = 0;
    const t: T = {
      family: (id) => {
        const family = options.families[id ?? check.family ?? ''];
        if (!family) throw new Error(`no configuration for family ${id ?? check.family}`);
        return family;
      },
      send: async (family, request) => {
        requests++;
        try {
          last = await options.oracle.send(family, request);
        } catch (error) {
          if (error instanceof JudgeFailure) last = error.exchange;
          throw error;
        }
        return last;
      },
      expect: (actual, expected, what) => {
        if (!isDeepStrictEqual(actual, expected))
          throw new CheckFailure(`${what}: expected ${show(expected)}, got ${show(actual)}`, expected, actual, last);
      },
      expectAnswer: (exchange, status, code) => {
        const actual = code === undefined ? exchange.status : [exchange.status, errorCode(exchange.body)];
        const expected = code === undefined ? status : [status, code];
        if (!isDeepStrictEqual(actual, expected))
          throw new CheckFailure(
            `${exchange.method} ${exchange.path}: expected ${show(expected)}, got ${show(actual)}`,
            expected,
            actual,
            exchange,
          );
      },
      random: options.random,
      log: () => {},
    };
    const started = performance.now();
    try {
      await check.run(t);
      record({ ...base, outcome: 'passed', ms: ms(started), requests });
    } catch (error) {
      if (error instanceof ReadOnlyRefusal || error instanceof SkipCheck) {
        const reason =
          error instanceof ReadOnlyRefusal && check.operationId
            ? `${error.message} (${check.operationId})`
            : error.message;
        record({ ...base, outcome: 'skipped', reason, ms: ms(started), requests });
        continue;
      }
      if (error instanceof BudgetExhausted || error instanceof Aborted) {
        record({ ...base, outcome: 'skipped', reason: error.message, ms: ms(started), requests });
        return { results, aborted: error instanceof Aborted ? 'interrupted (Ctrl-C): partial report' : error.message };
      }
      const exchange = error instanceof CheckFailure || error instanceof JudgeFailure ? error.exchange : last;
      record({
        ...base,
        outcome: 'failed',
        failure: {
          message: (error as Error).message,
          judge:
            error instanceof JudgeFailure ? error.judge : error instanceof CheckFailure ? 'expected answer' : 'error',
          ...(error instanceof CheckFailure ? { expected: error.expected, actual: error.actual } : {}),
          ...(exchange
            ? {
                curl: curlOf(exchange.sent),
                response: { status: exchange.status, body: exchange.text.slice(0, 500) },
              }
            : {}),
        },
        ms: ms(started),
        requests,
      });
      if (options.failFast) return { results };
    }
  }
  return { results };

  function record(result: Result) {
    results.push(result);
    options.onResult?.(result);
  }
}

const ms = (started: number) => Math.round(performance.now() - started);
const show = (value: unknown) => JSON.stringify(value);
