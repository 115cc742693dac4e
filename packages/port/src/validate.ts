/**
 * Where a request is validated: its input limits (`x-input-limits`), then its path and query
 * parameters and its JSON body against the operation's schemas (Ajv, JSON Schema 2020-12 as OAS 3.1
 * uses it). Every broken rule is returned, none is thrown.
 */
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { limits, type Route } from './contract.ts';

export interface Issue {
  location: 'path' | 'query' | 'header' | 'body';
  path: string;
  message: string;
}

const ajv = new Ajv2020({ allErrors: true, strict: false });
(addFormatsModule as unknown as { default: (a: Ajv2020) => void }).default?.(ajv) ??
  (addFormatsModule as unknown as (a: Ajv2020) => void)(ajv);
const compiled = new WeakMap<object, ValidateFunction>();
const compile = (schema: object) => {
  let fn = compiled.get(schema);
  if (!fn) {
    fn = ajv.compile(schema);
    compiled.set(schema, fn);
  }
  return fn;
};
const issuesOf = (location: Issue['location'], base: string, errors: ErrorObject[] | null | undefined): Issue[] =>
  (errors ?? []).map((e) => ({ location, path: `${base}${e.instancePath}`, message: e.message ?? 'is not valid' }));

/** A query value as its schema's type reads it; a value of the wrong type stays a string (and fails). */
function typed(value: string, schema: Record<string, unknown>): unknown {
  if ((schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (schema.type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

/** The route's parameters, typed and defaulted, and every issue with them. */
export function parameters(
  route: Route,
  pathValues: Record<string, string>,
  query: URLSearchParams,
): { values: Record<string, unknown>; issues: Issue[] } {
  const values: Record<string, unknown> = {};
  const issues: Issue[] = [];
  for (const p of route.parameters) {
    if (p.in !== 'path' && p.in !== 'query') continue;
    const all = p.in === 'path' ? [pathValues[p.name]] : query.getAll(p.name);
    if (all.length > 1) {
      issues.push({ location: 'query', path: p.name, message: 'must be given once' });
      continue;
    }
    const raw = all[0];
    if (raw === undefined) {
      if (p.required) issues.push({ location: p.in, path: p.name, message: 'is required' });
      else if (p.schema.default !== undefined) values[p.name] = p.schema.default;
      continue;
    }
    const value = typed(raw, p.schema);
    const validate = compile(p.schema);
    if (validate(value)) values[p.name] = value;
    else issues.push(...issuesOf(p.in, p.name, validate.errors));
  }
  return { values, issues };
}

/** The body against the operation's schema. */
export function body(route: Route, value: unknown): Issue[] {
  if (!route.body) return [];
  const validate = compile(route.body);
  return validate(value) ? [] : issuesOf('body', '', validate.errors).map((i) => ({ ...i, path: i.path || '/' }));
}

/** The first input limit a parsed JSON value breaks (depth, members, items, string length), if any. */
export function overLimit(value: unknown): Issue | undefined {
  const stack: { v: unknown; depth: number; at: string }[] = [{ v: value, depth: 1, at: '' }];
  while (stack.length > 0) {
    const { v, depth, at } = stack.pop() as { v: unknown; depth: number; at: string };
    if (typeof v === 'string') {
      if (v.length > limits.maxStringLength)
        return { location: 'body', path: at || '/', message: `too_long: over ${limits.maxStringLength} characters` };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth > limits.maxJsonDepth)
      return { location: 'body', path: at || '/', message: `too_deep: nested over ${limits.maxJsonDepth} levels` };
    if (Array.isArray(v)) {
      if (v.length > limits.maxArrayItems)
        return { location: 'body', path: at || '/', message: `too_many_items: over ${limits.maxArrayItems} items` };
      v.forEach((item, i) => {
        stack.push({ v: item, depth: depth + 1, at: `${at}/${i}` });
      });
      continue;
    }
    const keys = Object.keys(v);
    if (keys.length > limits.maxObjectKeys)
      return { location: 'body', path: at || '/', message: `too_many_keys: over ${limits.maxObjectKeys} members` };
    for (const key of keys) {
      if (key.length > limits.maxStringLength)
        return { location: 'body', path: at || '/', message: `too_long: a member name over ${limits.maxStringLength}` };
      stack.push({ v: (v as Record<string, unknown>)[key], depth: depth + 1, at: `${at}/${key}` });
    }
  }
  return undefined;
}
