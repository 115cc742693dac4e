/**
 * One exchange of live traffic, judged against the contract (judge.ts, the suite's own judge): which
 * rules it breaks. Never throws for what it is given: a malformed answer is a finding, not a crash.
 */
import {
  ajvProblems,
  documentedMethods,
  familyOfTraffic,
  missingHeaders,
  operationFor,
  requestProblems,
} from '../judge.ts';

export interface Seen {
  method: string;
  /** The request path on the wire, with its query (base path included). */
  url: string;
  requestHeaders: Record<string, string | string[] | undefined>;
  /** The request body's text; undefined when none was sent; null when it was over the limit. */
  requestBody: string | undefined | null;
  status: number;
  responseHeaders: Record<string, string | string[] | undefined>;
  /** The response body's text; null when it was over the limit. */
  responseBody: string | null;
}

export interface Finding {
  /** `request.parameter`, `response.body`, … (see RULES). */
  rule: string;
  detail: string;
}

/** Every rule the monitor applies, with what in the contract (or the RFC) demands it. */
export const RULES: Record<string, string> = {
  'request.undocumented-operation': 'the operation (method and path) is not in the contract (#/paths)',
  'request.parameter': "a parameter breaks its schema: pattern, range, enum or required (the operation's parameters)",
  'request.body': "the request body is missing, not JSON, or breaks the operation's requestBody schema",
  'request.media-type': "the request's content type is not one the operation's requestBody accepts",
  'request.credential': "no bearer credential where the operation's security needs one",
  'response.forbidden-request-succeeded': 'a 2xx to a request the contract forbids',
  'response.status-undocumented': 'the status is not documented for the operation (its responses)',
  'response.content-type': 'the content type is not the documented application/json',
  'response.body': "the body breaks the documented response's schema, or the family's error envelope",
  'response.situation-code':
    'the error code the contract fixes for the situation (x-families[].situations): a missing token, a request that fails validation, an unknown route, a method not allowed',
  'response.status-for-request':
    'the status the contract gives a request the exchange shows to be wrong: 415 for a media type the operation does not accept, 413 for a body over x-input-limits.maxBodyBytes, 400 for a parameter or body that breaks its schema, 401 for no credential',
  'response.allow':
    "a 405's Allow names a method the path does not document, or leaves out one it does (HEAD and OPTIONS may be added: decision D18)",
  'response.server-error': 'a 5xx other than the documented 503: an internal error reached the client',
  'response.header-missing':
    'a header the documented response requires (WWW-Authenticate on 401), or Allow on 405 (RFC 9110 15.5.6, decision D18)',
  'upstream.unreachable': 'the implementation did not accept the connection, or dropped it (the client got 502)',
  'upstream.timeout': 'the implementation did not answer in time (the client got 504)',
};

const first = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

export interface Examined {
  family: string | undefined;
  operationId: string | undefined;
  findings: Finding[];
  /** Why part of it could not be judged (a body over the limit). */
  unjudged?: string;
}

export function examine(seen: Seen): Examined {
  const where = familyOfTraffic(seen.url);
  if (!where) return { family: undefined, operationId: undefined, findings: [] };
  const family = where.family.id;
  const method = seen.method.toUpperCase();
  const findings: Finding[] = [];
  const op = operationFor(family, method, where.path);
  const success = seen.status >= 200 && seen.status < 300;
  let unjudged: string | undefined;
  let problems: string[] = [];
  if (!op) {
    // HEAD and OPTIONS are neither documented nor required (decision D18): not a client's mistake.
    if (method !== 'OPTIONS' && method !== 'HEAD')
      findings.push({ rule: 'request.undocumented-operation', detail: `${method} ${where.path.split('?')[0]}` });
    if (success && method !== 'OPTIONS')
      findings.push({
        rule: 'response.forbidden-request-succeeded',
        detail: `${seen.status} to an operation the contract does not have`,
      });
  } else {
    if (seen.requestBody === null) unjudged = 'request body over the contract limit (x-input-limits.maxBodyBytes)';
    problems =
      seen.requestBody === null
        ? []
        : requestProblems(family, {
            method,
            path: where.path,
            header: (name) => first(seen.requestHeaders[name]),
            body: seen.requestBody,
          });
    for (const problem of problems) {
      const rule = problem.startsWith('no bearer')
        ? 'request.credential'
        : problem.startsWith('content-type')
          ? 'request.media-type'
          : /^(request body|the request body)/.test(problem)
            ? 'request.body'
            : 'request.parameter';
      findings.push({ rule, detail: problem });
    }
    if (success && seen.requestBody === null)
      findings.push({
        rule: 'response.forbidden-request-succeeded',
        detail: `${seen.status} to a body over the contract limit`,
      });
    else if (success && problems.length > 0)
      findings.push({
        rule: 'response.forbidden-request-succeeded',
        detail: `${seen.status} to: ${problems.join('; ')}`,
      });
    else if (!success) {
      // The status the contract gives what the exchange shows to be wrong; a refusal for a reason that
      // may come first (the credential, the permission, the size, the media type) is not judged here.
      const due = (status: number, why: string, before: number[]) => {
        if (seen.status !== status && !before.includes(seen.status))
          findings.push({
            rule: 'response.status-for-request',
            detail: `${seen.status} to ${why}; the contract answers ${status}`,
          });
      };
      const hasCredential = first(seen.requestHeaders.authorization) !== undefined;
      const invalid = problems.filter((p) => !p.startsWith('no bearer'));
      if (seen.requestBody === null) due(413, 'a body over the contract limit', [401, 403]);
      else if (invalid.some((p) => p.startsWith('content-type'))) due(415, invalid[0] ?? '', [401, 403, 413]);
      else if (hasCredential && invalid.length > 0) due(400, invalid.join('; '), [401, 403, 413, 415]);
      else if (!hasCredential && invalid.length === 0 && problems.length > 0)
        due(401, 'a request without a credential', []);
    }
  }
  // The answer: status, content type, body (the documented schema, else the family's envelope).
  if (seen.responseBody === null) unjudged ??= 'response body over the contract limit (x-input-limits.maxBodyBytes)';
  else {
    let parsed: unknown = seen.responseBody;
    try {
      parsed = seen.responseBody === '' ? undefined : JSON.parse(seen.responseBody);
    } catch {}
    const contentType = first(seen.responseHeaders['content-type']) ?? '';
    for (const problem of ajvProblems(family, method, where.path, seen.status, contentType, parsed)) {
      // A success for no operation is already response.forbidden-request-succeeded.
      if (!op && problem.startsWith('status ')) continue;
      const rule = problem.startsWith('status ')
        ? 'response.status-undocumented'
        : problem.startsWith('content-type')
          ? 'response.content-type'
          : 'response.body';
      findings.push({ rule, detail: problem });
    }
  }
  // The codes the contract fixes by situation, where the exchange itself shows the situation.
  if (seen.responseBody !== null) {
    let code: unknown;
    try {
      code = (JSON.parse(seen.responseBody) as { error?: { code?: unknown } } | null)?.error?.code;
    } catch {}
    const situations = where.family.situations as unknown as Record<string, string | number | undefined>;
    // A plan without the feature may be decided before validation: its code stands beside the validation code.
    const fixed = (situation: string, alsoAllowed: (string | number | undefined)[] = []) => {
      const expected = situations[situation];
      if (expected !== undefined && code !== expected && !alsoAllowed.includes(code as string | number))
        findings.push({
          rule: 'response.situation-code',
          detail: `${situation}: ${seen.status} with code ${JSON.stringify(code)}, not ${JSON.stringify(expected)}`,
        });
    };
    const noAuthorization = first(seen.requestHeaders.authorization) === undefined;
    if (seen.status === 401 && noAuthorization) fixed('missingToken');
    if (seen.status === 400 && op && problems.some((p) => !p.startsWith('no bearer')))
      fixed('validation', [situations.planLacksFeature]);
    if (!op && seen.status === 404) fixed('routeNotFound');
    if (seen.status === 405) fixed('methodNotAllowed');
  }
  if (seen.status >= 500 && seen.status !== 503)
    findings.push({ rule: 'response.server-error', detail: `${seen.status}` });
  const allow = first(seen.responseHeaders.allow);
  if (seen.status === 405 && allow !== undefined) {
    const listed = allow
      .split(',')
      .map((m) => m.trim().toUpperCase())
      .filter(Boolean);
    const documented = documentedMethods(family, where.path);
    const extra = listed.filter(
      (m) => !documented.includes(m) && m !== 'OPTIONS' && !(m === 'HEAD' && documented.includes('GET')),
    );
    const missing = documented.filter((m) => !listed.includes(m));
    // A 405 that lists the very method it refuses contradicts itself (RFC 9110, 15.5.6).
    if (listed.includes(method))
      findings.push({ rule: 'response.allow', detail: `${method} refused with 405 while Allow lists it (${allow})` });
    else if (extra.length > 0 || missing.length > 0)
      findings.push({ rule: 'response.allow', detail: `Allow: ${allow}; documented: ${documented.join(', ')}` });
  }
  for (const name of missingHeaders(
    family,
    method,
    where.path,
    seen.status,
    (h) => seen.responseHeaders[h.toLowerCase()] !== undefined,
  ))
    findings.push({ rule: 'response.header-missing', detail: `${name} on ${seen.status}` });
  return { family, operationId: op?.operation.operationId, findings, ...(unjudged ? { unjudged } : {}) };
}
