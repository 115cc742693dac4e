/**
 * Emits the server's routes.gen.ts from the bundled contract: one zod schema per component schema,
 * the declared families, and one `@hono/zod-openapi` route per operation (grouped by family) with its
 * path, query, body and every documented response (including ranges and `default`).
 */
import {
  familiesOf,
  GENERATED_NOTE,
  inputLimitsOf,
  type OpenApiDocument,
  type Operation,
  operationsOf,
  type Parameter,
} from '@device-commands/spec';
import { FORMAT_IMPORT, type JsonSchema, toZod, type ZodContext } from './json-schema-to-zod.ts';

/** Methods that change nothing (RFC 9110, 9.2.1): a read-only caller may use them. */
const SAFE = new Set(['get', 'head', 'options', 'trace']);

const lit = (value: unknown): string => JSON.stringify(value);
const SCHEMA_PREFIX = '#/components/schemas/';

export function emitRoutes(doc: OpenApiDocument): string {
  const schemas = (doc.components?.schemas ?? {}) as Record<string, JsonSchema>;
  const ctx: ZodContext = { refName: (ref) => schemaName(ref) };
  const queryCtx: ZodContext = { ...ctx, coerce: true };

  const out: string[] = [
    `// ${GENERATED_NOTE}`,
    '// Source: packages/spec/generated/openapi.json, by packages/codegen (device-commands-routes).',
    "import { createRoute, z } from '@hono/zod-openapi';",
    '',
    '// ---- Component schemas (in dependency order) ----',
  ];
  for (const name of topologicalOrder(schemas)) {
    out.push(`export const ${name} = ${toZod(schemas[name] as JsonSchema, ctx)};`);
    out.push(`export type ${name} = z.output<typeof ${name}>;`);
  }

  const families = familiesOf(doc);
  const routes = new Map<string, string[]>(families.map((f) => [f.id, []]));
  const meta: string[] = [];
  for (const { path, method, operation: op, family } of operationsOf(doc)) {
    const item = doc.paths[path] ?? {};
    const params = mergeParameters(doc, item.parameters ?? [], op.parameters ?? []);
    routes.get(family.id)?.push(`    ${op.operationId}: ${emitRoute(doc, path, method, op, params, ctx, queryCtx)},`);
    const scopes = (op.security ?? []).flatMap((req) => Object.values(req).flat());
    meta.push(
      `  ${op.operationId}: { family: ${lit(family.id)}, method: ${lit(method)}, path: ${lit(path)}, ` +
        `permission: ${lit(op['x-permission'] ?? null)}, scopes: ${lit(scopes)}, hasBody: ${Boolean(op.requestBody)}, ` +
        `safe: ${SAFE.has(method)} },`,
    );
  }

  out.push('', '// ---- Families, as declared in the contract (x-families) ----');
  const declared = families.map(
    ({ id, name, basePath, upstream, local, securityScheme, authorization, errorEnvelope }) =>
      `  ${id}: { id: ${lit(id)}, name: ${lit(name)}, basePath: ${lit(basePath)}, upstream: ${lit(upstream)}, ` +
      `local: ${lit(local)}, securityScheme: ${lit(securityScheme)}, authorization: ${lit(authorization)}, ` +
      `errorEnvelope: ${errorEnvelope} },`,
  );
  out.push(`export const families = {\n${declared.join('\n')}\n} as const;`);
  out.push('export type FamilyId = keyof typeof families;');
  out.push('', '// ---- Input limits, as declared in the contract (x-input-limits) ----');
  out.push(`export const inputLimits = ${lit(inputLimitsOf(doc))} as const;`);
  out.push('', '// ---- Routes, one per operationId, by family ----');
  const grouped = families.map((f) => `  ${f.id}: {\n${(routes.get(f.id) ?? []).join('\n')}\n  },`);
  out.push(`export const familyRoutes = {\n${grouped.join('\n')}\n} as const;`);
  out.push(`export const routes = { ${families.map((f) => `...familyRoutes.${f.id}`).join(', ')} } as const;`);
  out.push('export type OperationId = keyof typeof routes;');
  out.push('', '// ---- What each operation needs: its family, permission or scopes, and whether it is safe ----');
  out.push(`export const operations = {\n${meta.join('\n')}\n} as const;`);
  const text = `${out.join('\n')}\n`;
  return text.includes('isUri(')
    ? text.replace(
        "import { createRoute, z } from '@hono/zod-openapi';",
        `import { createRoute, z } from '@hono/zod-openapi';\n${FORMAT_IMPORT}`,
      )
    : text;
}

function schemaName(ref: string): string {
  if (!ref.startsWith(SCHEMA_PREFIX)) throw new Error(`unsupported $ref ${ref}`);
  return ref.slice(SCHEMA_PREFIX.length);
}

function resolve<T>(doc: OpenApiDocument, node: T | { $ref: string }): T {
  if (node && typeof node === 'object' && '$ref' in node && typeof node.$ref === 'string') {
    const parts = node.$ref.replace(/^#\//, '').split('/');
    let target: unknown = doc;
    for (const part of parts)
      target = (target as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
    if (target === undefined) throw new Error(`dangling $ref ${node.$ref}`);
    return resolve(doc, target as T);
  }
  return node as T;
}

function mergeParameters(doc: OpenApiDocument, inherited: Parameter[], own: Parameter[]): Parameter[] {
  const resolvedOwn = own.map((p) => resolve(doc, p));
  const resolvedInherited = inherited
    .map((p) => resolve(doc, p))
    .filter((p) => !resolvedOwn.some((o) => o.name === p.name && o.in === p.in));
  return [...resolvedInherited, ...resolvedOwn];
}

function emitRoute(
  doc: OpenApiDocument,
  path: string,
  method: string,
  op: Operation,
  params: Parameter[],
  ctx: ZodContext,
  queryCtx: ZodContext,
): string {
  const request: string[] = [];
  for (const where of ['path', 'query', 'header'] as const) {
    const list = params.filter((p) => p.in === where);
    if (list.length === 0) continue;
    const shape = list
      .map((p) => {
        let zod = toZod(p.schema as JsonSchema, where === 'path' ? ctx : queryCtx);
        const hasDefault = typeof p.schema === 'object' && p.schema.default !== undefined;
        if (!p.required && !hasDefault) zod += '.optional()';
        return `${lit(p.name)}: ${zod}`;
      })
      .join(', ');
    request.push(`${where === 'path' ? 'params' : where === 'query' ? 'query' : 'headers'}: z.object({ ${shape} })`);
  }
  if (op.requestBody) {
    const body = resolve(doc, op.requestBody);
    const content = Object.entries(body.content)
      .map(([type, media]) => `${lit(type)}: { schema: ${toZod(media.schema as JsonSchema, ctx)} }`)
      .join(', ');
    request.push(`body: { required: ${Boolean(body.required)}, content: { ${content} } }`);
  }

  const responses = Object.entries(op.responses).map(([status, raw]) => {
    const response = resolve(doc, raw);
    const content = Object.entries(response.content ?? {})
      .map(([type, media]) => `${lit(type)}: { schema: ${toZod(media.schema as JsonSchema, ctx)} }`)
      .join(', ');
    const key = /^\d+$/.test(status) ? status : lit(status);
    return `      ${key}: { description: ${lit(response.description)}${content ? `, content: { ${content} }` : ''} },`;
  });

  return [
    'createRoute({',
    `    operationId: ${lit(op.operationId)},`,
    `    method: ${lit(method)},`,
    `    path: ${lit(path)},`,
    ...(request.length ? [`    request: { ${request.join(', ')} },`] : []),
    '    responses: {',
    ...responses,
    '    },',
    '  })',
  ].join('\n');
}

/** Component names ordered so that every schema comes after the schemas it references. */
function topologicalOrder(schemas: Record<string, JsonSchema>): string[] {
  const order: string[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (name: string, trail: string[]) => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting')
      throw new Error(`recursive schemas are not supported: ${[...trail, name].join(' → ')}`);
    state.set(name, 'visiting');
    for (const ref of refsIn(schemas[name])) visit(schemaName(ref), [...trail, name]);
    state.set(name, 'done');
    order.push(name);
  };
  for (const name of Object.keys(schemas).sort()) visit(name, []);
  return order;
}

function refsIn(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(refsIn);
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([key, value]) =>
    key === '$ref' && typeof value === 'string' ? [value] : key === 'discriminator' ? [] : refsIn(value),
  );
}
