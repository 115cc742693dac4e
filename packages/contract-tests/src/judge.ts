/**
 * The contract as a judge of one exchange, shared by the suite's oracle (which adds Prism) and the
 * monitor (which judges live traffic): the operation a request selects, Ajv 2020 compiled once from
 * the bundled contract, each family's error envelope, the documented statuses and headers, and the
 * request's own parameters and body. Everything is read from the contract; nothing is restated.
 */
import {
  createSpecAjv,
  documentedResponse,
  type Family,
  familiesOf,
  inputLimitsOf,
  loadDereferencedSpec,
  type OpenApiDocument,
  operationsOf,
} from '@device-commands/spec';
import type { ValidateFunction } from 'ajv';

const spec: OpenApiDocument = loadDereferencedSpec();
const ajv = createSpecAjv();
export const families: Family[] = familiesOf(spec);
export const inputLimits = inputLimitsOf(spec);
const operations = operationsOf(spec).map((o) => {
  const names: string[] = [];
  return {
    ...o,
    familyId: o.family.id,
    // `[^/]*`: an empty parameter still selects the operation (as Prism does), and fails its validation.
    regex: new RegExp(`^${o.path.replace(/\{[^}]+\}/g, '[^/]*')}$`),
    // The same, capturing each path parameter by position.
    capture: new RegExp(
      `^${o.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
        names.push(name);
        return '([^/]*)';
      })}$`,
    ),
    pathNames: names,
  };
});
/** Each family's general error envelope, as its declaration names it. */
const general = Object.fromEntries(
  families.map((f) => [f.id, (spec.components?.schemas?.[f.errorEnvelope] ?? {}) as object]),
) as Record<string, object>;
const compiled = new Map<object, ValidateFunction>();
const compile = (schema: object) => {
  let validate = compiled.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    compiled.set(schema, validate);
  }
  return validate;
};

export const documentedStatuses = operations.map((o) => ({
  operationId: o.operation.operationId,
  family: o.familyId,
  statuses: Object.keys(o.operation.responses).filter((s) => s !== 'default'),
}));

/** The operation a request selects; HEAD selects the GET of its path (RFC 9110, 9.3.2). */
export function operationFor(family: string, method: string, path: string) {
  const pathname = path.split('?')[0] ?? '';
  const selected = method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase();
  return operations.find((o) => o.familyId === family && o.method === selected && o.regex.test(pathname));
}

/** The documented methods of the contract path a request path matches (what `Allow` must list), upper case. */
export function documentedMethods(family: string, path: string): string[] {
  const pathname = path.split('?')[0] ?? '';
  return operations.filter((o) => o.familyId === family && o.regex.test(pathname)).map((o) => o.method.toUpperCase());
}

/** Ajv's verdict on a response: the problems (empty when it conforms). */
export function ajvProblems(
  family: string,
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

/**
 * The headers a response must carry: those its documented response declares `required` (the 401's
 * `WWW-Authenticate`), and `Allow` on a 405 (RFC 9110, 15.5.6; openapi/README.md, decision D18).
 * Returns the missing ones' names.
 */
export function missingHeaders(
  family: string,
  method: string,
  path: string,
  status: number,
  has: (name: string) => boolean,
): string[] {
  const missing: string[] = [];
  const op = operationFor(family, method, path);
  const response = op ? documentedResponse(op.operation.responses, status)?.response : undefined;
  for (const [name, header] of Object.entries(
    (response as { headers?: Record<string, { required?: boolean }> } | undefined)?.headers ?? {},
  ))
    if (header.required && !has(name)) missing.push(name);
  if (status === 405 && !has('allow')) missing.push('Allow');
  return missing;
}

/** A family's request paths: under its local base path or its upstream's, whichever the server uses. */
const bases = families
  .flatMap((f) =>
    [new URL(f.local).pathname, new URL(f.upstream).pathname].map((p) => ({ family: f, base: p.replace(/\/$/, '') })),
  )
  .filter((b, i, all) => b.base !== '' && all.findIndex((o) => o.base === b.base) === i)
  .sort((a, b) => b.base.length - a.base.length);

/** The family and the contract path of a request path, by the base paths the families declare. */
export function familyOfTraffic(requestPath: string): { family: Family; path: string } | undefined {
  const [pathname = '', query] = requestPath.split('?', 2);
  for (const { family, base } of bases)
    if (pathname === base || pathname.startsWith(`${base}/`))
      return { family, path: `${pathname.slice(base.length) || '/'}${query === undefined ? '' : `?${query}`}` };
  return undefined;
}

/** A query or path value as the parameter's schema types it (query strings are text on the wire). */
function typed(value: string, schema: Record<string, unknown>): unknown {
  const type = schema.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

export interface RequestFacts {
  method: string;
  /** The contract path with its query (`/me/devices?$top=2`). */
  path: string;
  header: (name: string) => string | undefined;
  /** The body's text, or undefined when none was sent or it was too large to keep. */
  body: string | undefined;
}

/**
 * What the contract forbids in a request to a documented operation: a parameter that breaks its
 * schema (pattern, range, enum) or is missing, a media type the operation does not accept, a body that
 * is not JSON or breaks the schema, and a missing credential where the operation needs one.
 */
export function requestProblems(family: string, facts: RequestFacts): string[] {
  const op = operationFor(family, facts.method, facts.path);
  if (!op) return [];
  const problems: string[] = [];
  const [pathname = '', query = ''] = facts.path.split('?', 2);
  const pathValues = op.capture.exec(pathname)?.slice(1) ?? [];
  const search = new URLSearchParams(query);
  for (const parameter of op.parameters) {
    const schema = (parameter.schema ?? {}) as Record<string, unknown>;
    let raw: string | undefined;
    if (parameter.in === 'path') {
      const value = pathValues[op.pathNames.indexOf(parameter.name)];
      raw = value === undefined ? undefined : decodeURIComponent(value);
    } else if (parameter.in === 'query') raw = search.get(parameter.name) ?? undefined;
    else if (parameter.in === 'header') raw = facts.header(parameter.name.toLowerCase());
    else continue;
    if (raw === undefined || (parameter.in === 'path' && raw === '')) {
      if (parameter.required) problems.push(`${parameter.in} parameter ${parameter.name} is required`);
      continue;
    }
    const validate = compile(schema);
    if (!validate(typed(raw, schema)))
      problems.push(
        `${parameter.in} parameter ${parameter.name}: ${(validate.errors ?? []).map((e) => e.message).join('; ')}`,
      );
  }
  const requestBody = op.operation.requestBody as
    | { required?: boolean; content?: Record<string, { schema?: object }> }
    | undefined;
  if (requestBody?.content) {
    const type = (facts.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
    const media = requestBody.content[type];
    if (facts.body === undefined || facts.body === '') {
      if (requestBody.required) problems.push('the request body is required');
    } else if (!media) problems.push(`content-type "${type}" is not one the operation accepts`);
    else if (media.schema) {
      let parsed: unknown;
      try {
        parsed = JSON.parse(facts.body);
      } catch {
        problems.push('the request body is not JSON');
      }
      if (parsed !== undefined) {
        const validate = compile(media.schema);
        if (!validate(parsed))
          problems.push(...(validate.errors ?? []).map((e) => `request body${e.instancePath} ${e.message}`));
      }
    }
  }
  if (
    (op.operation.security ?? (spec as { security?: unknown[] }).security ?? []).length > 0 &&
    !/^bearer\s+\S/i.test(facts.header('authorization') ?? '')
  )
    problems.push('no bearer credential');
  return problems;
}
