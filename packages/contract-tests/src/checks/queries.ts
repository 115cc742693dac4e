/**
 * Query parameters, from each one's schema: every constraint it states is refused when broken (a
 * value past `maximum` or below `minimum`, not an integer, outside `enum`, not matching `pattern`:
 * 400 with the family's validation code), and a parameter left out behaves as its `default` says
 * (the answer without it is the answer with the default given). Each check names the schema keyword
 * that demands it (`#/paths/…/parameters/<index>/schema/<keyword>` in the bundle).
 */
import { createSpecAjv, negatives } from '@device-commands/spec';
import type { Check, T } from '../runner.ts';
import { codes, ERROR_CODES, fillPath, operations, pathNeeds, pointer, spec } from './shared.ts';

interface QuerySchema {
  type?: string | string[];
  minimum?: number;
  maximum?: number;
  pattern?: string;
  enum?: unknown[];
  default?: unknown;
}

const ajv = createSpecAjv();

/** Values that break one keyword of `schema` each, with the keyword (only those Ajv refuses too). */
export function brokenValues(schema: QuerySchema): { keyword: string; value: string }[] {
  const out: { keyword: string; value: string }[] = [];
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type;
  if (type === 'integer' || type === 'number') {
    if (schema.minimum !== undefined) out.push({ keyword: 'minimum', value: String(schema.minimum - 1) });
    if (schema.maximum !== undefined) out.push({ keyword: 'maximum', value: String(schema.maximum + 1) });
    out.push({ keyword: 'type', value: 'ten' });
    if (type === 'integer') out.push({ keyword: 'type', value: '1.5' });
  }
  if (schema.enum) out.push({ keyword: 'enum', value: 'not-one-of-them' });
  if (schema.pattern && typeof schema.default === 'string') {
    const validate = ajv.compile({ type: 'string', pattern: schema.pattern });
    for (const value of negatives(schema.default)
      .filter((v) => !validate(v))
      .slice(0, 3))
      out.push({ keyword: 'pattern', value });
  }
  return out;
}

/** An answer as a comparison sees it: a list of objects with ids becomes its ids, in order. */
function projection(body: unknown): unknown {
  if (Array.isArray(body))
    return body.every((x) => x !== null && typeof x === 'object' && 'id' in x)
      ? body.map((x) => (x as { id: unknown }).id)
      : body.map(projection);
  if (body !== null && typeof body === 'object')
    return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, projection(v)]));
  return body;
}

/**
 * Where a parameter's schema keyword is: the operation's own parameters come after the path item's
 * in the merged list, so the pointer goes to where the parameter is declared.
 */
function paramPointer(path: string, method: string, index: number, keyword: string): string {
  const item = spec.paths[path] as { parameters?: unknown[] } | undefined;
  const inherited = item?.parameters?.length ?? 0;
  return index < inherited
    ? pointer('paths', path, 'parameters', index, 'schema', keyword)
    : pointer('paths', path, method, 'parameters', index - inherited, 'schema', keyword);
}

export function queryChecks(): Check[] {
  const checks: Check[] = [];
  for (const { path, method, operation, family, parameters } of operations) {
    const query = parameters.filter((p) => p.in === 'query');
    if (query.length === 0) continue;
    const f = family.id;
    const index = (name: string) => parameters.findIndex((p) => p.in === 'query' && p.name === name);
    const at = (name: string, keyword: string) => paramPointer(path, method, index(name), keyword);
    const send = (t: T, search: URLSearchParams) =>
      t.send(f, {
        method: method.toUpperCase(),
        path: `${fillPath(path, t.family(f))}${search.size > 0 ? `?${search}` : ''}`,
        token: t.family(f).token('full'),
      });
    for (const parameter of query) {
      const schema = (parameter.schema ?? {}) as QuerySchema;
      for (const { keyword, value } of brokenValues(schema)) {
        checks.push({
          id: `queries.${operation.operationId}.${parameter.name}.${keyword}.${value}`,
          group: 'queries',
          name: `${operation.operationId}: ${parameter.name}=${JSON.stringify(value)} breaks its ${keyword} → 400`,
          family: f,
          operationId: operation.operationId,
          kind: 'behaviour',
          demands: [at(parameter.name, keyword), ERROR_CODES],
          needs: [...pathNeeds(path), 'token:full'],
          run: async (t) => {
            t.expectAnswer(await send(t, new URLSearchParams({ [parameter.name]: value })), 400, codes(f).validation);
          },
        });
      }
      if (schema.default === undefined) continue;
      checks.push({
        id: `queries.${operation.operationId}.${parameter.name}.default`,
        group: 'queries',
        name: `${operation.operationId}: without ${parameter.name}, the answer is the one for ${parameter.name}=${JSON.stringify(schema.default)}`,
        family: f,
        operationId: operation.operationId,
        kind: 'stateful',
        demands: [at(parameter.name, 'default')],
        needs: [...pathNeeds(path), 'token:full'],
        run: async (t) => {
          const omitted = await send(t, new URLSearchParams());
          const given = await send(t, new URLSearchParams({ [parameter.name]: String(schema.default) }));
          t.expectAnswer(omitted, given.status);
          t.expect(
            projection(omitted.body),
            projection(given.body),
            `the answer without ${parameter.name}, against the answer with its default`,
          );
        },
      });
    }
  }
  return checks;
}
