/**
 * What the port reads from the contract: the dereferenced bundle (`openapi/` bundled), and nothing of
 * the repository's other packages. Its operations (method, path template, parameters, body schema,
 * what a caller needs) and its input limits come from there; behaviour is written by hand in
 * `handlers.ts`, from the operations' descriptions and `openapi/README.md`.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

type Schema = Record<string, unknown>;
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema: Schema;
}
interface RawOperation {
  operationId: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, { schema: Schema }> };
  security?: Record<string, string[]>[];
  'x-permission'?: string;
}
interface RawFamily {
  id: string;
  name: string;
  tag: string;
  upstream: string;
  securityScheme: string;
  successEnvelope: { kind: 'wrapped' | 'bare' };
}
interface Document {
  paths: Record<string, Record<string, unknown> & { parameters?: Parameter[] }>;
  'x-families': RawFamily[];
  'x-input-limits': Record<string, number>;
}

/**
 * A family as the port serves it: at its upstream base path (`/v1`, `/beta`), with its envelope kind
 * (`wrapped` in `{status, data}` with numeric error codes, or `bare` with OData errors).
 */
export interface ServedFamily {
  id: string;
  name: string;
  basePath: string;
  envelope: 'wrapped' | 'bare';
}
export const families: ServedFamily[] = [];
export interface Route {
  family: string;
  /** The family's name, for `WWW-Authenticate: Bearer realm="…"`. */
  realm: string;
  operationId: string;
  method: string;
  template: string;
  matcher: RegExp;
  names: string[];
  parameters: Parameter[];
  body?: Schema | undefined;
  /** The grants a token needs, any one of which will do: the `x-permission`, or the delegated scopes. */
  needs: string[];
}

const require = createRequire(import.meta.url);
const doc = JSON.parse(
  readFileSync(require.resolve('@device-commands/spec/openapi.dereferenced.json'), 'utf8'),
) as Document;
for (const f of doc['x-families'])
  families.push({
    id: f.id,
    name: f.name,
    basePath: new URL(f.upstream).pathname.replace(/\/$/, ''),
    envelope: f.successEnvelope.kind,
  });

export const limits = doc['x-input-limits'] as {
  maxBodyBytes: number;
  maxJsonDepth: number;
  maxObjectKeys: number;
  maxArrayItems: number;
  maxStringLength: number;
  maxHeaderBytes: number;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const literal = (s: string) => s.replace(/[.*+?^$()|[\]\\]/g, '\\$&');

export const routes: Route[] = [];
for (const [template, item] of Object.entries(doc.paths)) {
  for (const method of METHODS) {
    const op = item[method] as RawOperation | undefined;
    if (!op) continue;
    const family = doc['x-families'].find((f) => op.tags?.includes(f.tag));
    if (!family) throw new Error(`${op.operationId} belongs to no family`);
    const names: string[] = [];
    const source = template
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const name = /^\{(.+)\}$/.exec(part)?.[1];
        if (!name) return literal(part);
        names.push(name);
        return '([^/]*)';
      })
      .join('');
    const own = op.parameters ?? [];
    const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
    const scopes = (op.security ?? []).flatMap((s) => s[family.securityScheme] ?? []);
    routes.push({
      family: family.id,
      realm: family.name,
      operationId: op.operationId,
      method: method.toUpperCase(),
      template,
      matcher: new RegExp(`^${source}$`),
      names,
      parameters: [...inherited, ...own],
      body: op.requestBody?.content['application/json']?.schema,
      needs: op['x-permission'] ? [op['x-permission']] : scopes,
    });
  }
}
