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
  securityScheme: string;
}
interface Document {
  paths: Record<string, Record<string, unknown> & { parameters?: Parameter[] }>;
  'x-families': RawFamily[];
  'x-input-limits': Record<string, number>;
}

export type FamilyId = 'android' | 'graph';
export interface Route {
  family: FamilyId;
  /** The family's name, for `WWW-Authenticate: Bearer realm="…"`. */
  realm: string;
  operationId: string;
  method: string;
  template: string;
  matcher: RegExp;
  names: string[];
  parameters: Parameter[];
  body?: Schema | undefined;
  /** Android: the permission the role needs; Graph: the delegated scopes, any one of which will do. */
  needs: string[];
}

const require = createRequire(import.meta.url);
const doc = JSON.parse(
  readFileSync(require.resolve('@device-commands/spec/openapi.dereferenced.json'), 'utf8'),
) as Document;

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
      family: family.id as FamilyId,
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
