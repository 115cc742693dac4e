/**
 * @device-commands/spec: the bundled contract, for every package that builds from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generatedDir } from './paths.ts';

export { closeSchema, createSpecAjv } from './ajv.ts';
export { GENERATED_NOTE, generatedDir, specRoot } from './paths.ts';

/** Absolute paths of the three bundles. */
export const bundlePaths = {
  yaml: join(generatedDir, 'openapi.yaml'),
  json: join(generatedDir, 'openapi.json'),
  dereferenced: join(generatedDir, 'openapi.dereferenced.json'),
} as const;

/** A minimal view of the parts of an OpenAPI document that the packages walk. */
export interface OpenApiDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, PathItem>;
  components?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';
export const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: JsonSchema;
  example?: unknown;
  examples?: Record<string, { value?: unknown }>;
  [key: string]: unknown;
}
export interface MediaType {
  schema?: JsonSchema;
  examples?: Record<string, { summary?: string; value?: unknown }>;
}
export interface Operation {
  operationId: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, { description: string; content?: Record<string, MediaType> }>;
  security?: Record<string, string[]>[];
  deprecated?: boolean;
  [key: string]: unknown;
}
export type PathItem = { parameters?: Parameter[]; servers?: { url: string }[] } & Partial<
  Record<HttpMethod, Operation>
>;
export type JsonSchema = Record<string, unknown> | boolean;

/** The bundled document ($refs to components kept). */
export function loadSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(bundlePaths.json, 'utf8')) as OpenApiDocument;
}

/** The dereferenced document (every $ref inlined). */
export function loadDereferencedSpec(): OpenApiDocument {
  return JSON.parse(readFileSync(bundlePaths.dereferenced, 'utf8')) as OpenApiDocument;
}

/** Every operation of a document, with its path, method and merged (path + operation) parameters. */
export function operationsOf(doc: OpenApiDocument): {
  path: string;
  method: HttpMethod;
  operation: Operation;
  parameters: Parameter[];
}[] {
  const out = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own = operation.parameters ?? [];
      const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      out.push({ path, method, operation, parameters: [...inherited, ...own] });
    }
  }
  return out;
}
