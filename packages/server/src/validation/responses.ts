/**
 * Checks every outgoing response against the contract: its status is documented for the operation
 * that answered, its content type is JSON, and its body matches the documented schema. Responses
 * that no operation produced (unknown route, 405, 401 before routing) are checked against their
 * family's general error envelope. @hono/zod-openapi validates requests only; this is the other half.
 *
 * Modes: `off` (production default), `log` (development: log the violation, send the response),
 * `strict` (tests: log it, record it, and answer 500 instead).
 */
import { documentedResponse } from '@device-commands/spec';
import type { MiddlewareHandler } from 'hono';
import type { z } from 'zod';
import { FAMILIES } from '../families.ts';
import { families, routes } from '../generated/routes.gen.ts';
import type { AppEnv } from '../http/env.ts';
import type { Logger } from '../http/logger.ts';
import { familyOf } from '../http/routing.ts';

export type ResponseValidationMode = 'off' | 'log' | 'strict';

export interface Violation {
  requestId: string;
  method: string;
  path: string;
  status: number;
  operationId: string | undefined;
  problems: string[];
}

interface DocumentedResponse {
  content?: Record<string, { schema: z.ZodType }>;
}

const documentedCache = new Map<string, DocumentedResponse | null>();

/** The response the contract documents for this operation and status (looked up once per pair). */
function documented(operationId: keyof typeof routes, status: number): DocumentedResponse | undefined {
  const key = `${operationId} ${status}`;
  let found = documentedCache.get(key);
  if (found === undefined) {
    found =
      documentedResponse(routes[operationId].responses as Record<string, DocumentedResponse>, status)?.response ?? null;
    documentedCache.set(key, found);
  }
  return found ?? undefined;
}

/**
 * The content type `c.json(body, statusOrInit, headers)` gives its answer: application/json unless
 * the headers passed name another (read here, so that checking it needs no web Headers object).
 */
function jsonContentType(rest: unknown[]): string {
  let type = 'application/json';
  for (const arg of rest) {
    const init = arg as { headers?: unknown } | undefined;
    const headers = typeof arg === 'object' && arg !== null && 'headers' in arg ? init?.headers : arg;
    if (headers instanceof Headers) type = headers.get('content-type') ?? type;
    else if (typeof headers === 'object' && headers !== null)
      for (const [name, value] of Object.entries(headers))
        if (name.toLowerCase() === 'content-type' && typeof value === 'string') type = value;
  }
  return type;
}

export function responseValidation(
  mode: ResponseValidationMode,
  logger: Logger,
  violations: Violation[],
): MiddlewareHandler<AppEnv> {
  if (mode === 'off') return (_c, next) => next();
  return async (c, next) => {
    // The body a handler gives `c.json`, kept as the value it serialises: checking it needs no copy of
    // the response stream and no JSON parse. Anything else (a body built another way) is read back.
    const json = c.json;
    let sent: { res: Response; body: unknown; type: string } | undefined;
    c.json = ((body: unknown, ...rest: unknown[]) => {
      const res = (json as (...args: unknown[]) => Response)(body, ...rest);
      sent = { res, body, type: jsonContentType(rest) };
      return res;
    }) as typeof c.json;
    await next();
    const family = familyOf(c.req.path);
    if (!family || c.req.method === 'HEAD') return;
    const operationId = c.get('operationId');
    const res = c.res;
    const problems: string[] = [];

    let schema: z.ZodType | undefined;
    if (operationId) {
      const response = documented(operationId, res.status);
      if (!response) problems.push(`status ${res.status} is not documented for ${operationId}`);
      schema = response?.content?.['application/json']?.schema;
    } else {
      schema = families[family].errorEnvelope;
      if (res.status < 400) problems.push(`status ${res.status} answered by no operation`);
    }

    if (schema) {
      const captured = sent?.res === res ? sent : undefined;
      const type = captured ? captured.type : (res.headers.get('content-type') ?? '');
      if (!/^application\/json\b/.test(type)) problems.push(`content-type is "${type}", not application/json`);
      let body: unknown;
      if (captured) body = captured.body;
      else {
        try {
          body = await res.clone().json();
        } catch {
          problems.push('body is not JSON');
        }
      }
      if (problems.length === 0) {
        const result = schema.safeParse(body);
        if (!result.success) {
          for (const issue of result.error.issues)
            problems.push(`body${issue.path.map((p) => `/${String(p)}`).join('')}: ${issue.message}`);
        }
      }
    }

    if (problems.length === 0) return;
    const violation: Violation = {
      requestId: c.get('requestId'),
      method: c.req.method,
      path: c.req.path,
      status: res.status,
      operationId,
      problems,
    };
    violations.push(violation);
    logger.log('error', 'response violates the contract', { ...violation });
    if (mode === 'strict') {
      c.res = undefined;
      c.res = FAMILIES[family].errors.internal(c);
    }
  };
}
