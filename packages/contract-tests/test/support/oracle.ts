/**
 * Sends one request through the family's Prism proxy and judges the answer twice, independently:
 * by Prism (its `sl-violations` header) and by our own Ajv 2020 compiled from the bundled spec.
 * Any response violation, and any disagreement between the two, fails the test that sent it.
 * Every exchange is recorded for the coverage matrix.
 */
import type { FamilyId } from '@device-commands/server';
import {
  createSpecAjv,
  documentedResponse,
  familiesOf,
  loadDereferencedSpec,
  operationsOf,
} from '@device-commands/spec';
import type { ValidateFunction } from 'ajv';

export type Family = FamilyId;

export interface Violation {
  location: string[];
  severity: string;
  code?: string | number;
  message: string;
}

export interface Exchange {
  family: Family;
  method: string;
  path: string;
  operationId: string | undefined;
  status: number;
  headers: Headers;
  body: unknown;
  /** Violations of the request, as Prism saw them (expected in negative cases). */
  requestViolations: Violation[];
}

export interface RequestSpec {
  method?: string;
  path: string;
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /**
   * Send straight to the server instead of through Prism, and judge with Ajv alone, giving the
   * reason. Only for what Prism cannot proxy: `prism proxy` 5.16 never answers a request whose JSON
   * body is malformed, and collapses an empty path segment (`//`) before forwarding.
   */
  bypassPrism?: string;
}

const spec = loadDereferencedSpec();
const ajv = createSpecAjv();
const operations = operationsOf(spec).map((o) => ({
  ...o,
  family: o.family.id as Family,
  // `[^/]*`: an empty parameter still selects the operation (as Prism does), and fails its validation.
  regex: new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]*')}$`),
}));
/** Each family's general error envelope, as its declaration names it. */
const general = Object.fromEntries(
  familiesOf(spec).map((f) => [f.id, (spec.components?.schemas?.[f.errorEnvelope] ?? {}) as object]),
) as Record<Family, object>;
const compiled = new Map<object, ValidateFunction>();
const compile = (schema: object) => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
};

export const exchanges: Exchange[] = [];
export const documentedStatuses = operations.map((o) => ({
  operationId: o.operation.operationId,
  statuses: Object.keys(o.operation.responses).filter((s) => s !== 'default'),
}));

export function operationFor(family: Family, method: string, path: string) {
  const pathname = path.split('?')[0] ?? '';
  return operations.find((o) => o.family === family && o.method === method.toLowerCase() && o.regex.test(pathname));
}

/** Ajv's verdict on a response: the problems (empty when it conforms). */
export function ajvProblems(
  family: Family,
  method: string,
  path: string,
  status: number,
  contentType: string,
  body: unknown,
): string[] {
  const op = operationFor(family, method, path);
  let schema: object | undefined;
  const problems: string[] = [];
  if (op) {
    const response = documentedResponse(op.operation.responses, status)?.response;
    if (!response) problems.push(`status ${status} is not documented for ${op.operation.operationId}`);
    schema = response?.content?.['application/json']?.schema as object | undefined;
  } else {
    schema = general[family];
    if (status < 400) problems.push(`status ${status} for a request that matches no operation`);
  }
  if (method === 'HEAD' || !schema) return problems;
  if (!/^application\/json\b/.test(contentType)) problems.push(`content-type "${contentType}" is not application/json`);
  const validate = compile(schema);
  if (!validate(body)) problems.push(...(validate.errors ?? []).map((e) => `body${e.instancePath} ${e.message}`));
  return problems;
}

export function parseViolations(header: string | null): Violation[] {
  if (!header) return [];
  const json = header.replace(/^Too many violations!\s*/, '');
  try {
    return JSON.parse(json) as Violation[];
  } catch {
    return [
      { location: ['response'], severity: 'Error', message: `unparseable sl-violations: ${header.slice(0, 200)}` },
    ];
  }
}

export class Oracle {
  private readonly proxies: Record<Family, string>;
  private readonly direct: Record<Family, string>;
  constructor(proxies: Record<Family, string>, direct: Record<Family, string>) {
    this.proxies = proxies;
    this.direct = direct;
  }

  async send(family: Family, request: RequestSpec): Promise<Exchange> {
    const method = request.method ?? 'GET';
    const headers: Record<string, string> = { ...request.headers };
    if (request.token) headers.authorization = `Bearer ${request.token}`;
    let body: string | undefined = request.rawBody;
    if (request.body !== undefined) {
      body = JSON.stringify(request.body);
      headers['content-type'] ??= 'application/json';
    }
    const base = request.bypassPrism ? this.direct[family] : this.proxies[family];
    const response = await fetch(`${base}${request.path}`, {
      method,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // judged below: a body that is not JSON breaks the contract
    }
    const violations = parseViolations(response.headers.get('sl-violations'));
    const responseViolations = violations.filter((v) => v.location[0] === 'response' && v.severity === 'Error');
    const problems = ajvProblems(
      family,
      method,
      request.path,
      response.status,
      response.headers.get('content-type') ?? '',
      parsed,
    );
    const exchange: Exchange = {
      family,
      method,
      path: request.path,
      operationId: operationFor(family, method, request.path)?.operation.operationId,
      status: response.status,
      headers: response.headers,
      body: parsed,
      requestViolations: violations.filter((v) => v.location[0] === 'request'),
    };
    exchanges.push(exchange);
    const where = `${method} ${request.path} → ${response.status}`;
    const byPrism = responseViolations.map((v) => `${v.location.join('.')}: ${v.message}`);
    if (byPrism.length > 0 || problems.length > 0) {
      const verdict =
        byPrism.length > 0 && problems.length > 0
          ? 'Prism and Ajv both reject it'
          : byPrism.length > 0
            ? 'Prism rejects it but Ajv accepts it'
            : 'Ajv rejects it but Prism accepts it';
      throw new Error(
        `${where}: ${verdict}. Prism: ${byPrism.join('; ') || 'none'}. Ajv: ${problems.join('; ') || 'none'}.`,
      );
    }
    if (response.status >= 500) throw new Error(`${where}: a server error: ${text.slice(0, 300)}`);
    return exchange;
  }
}
