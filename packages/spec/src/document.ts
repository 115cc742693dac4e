/** The parts of an OpenAPI 3.1 document that the packages walk, and a walk over its operations. */
import { type Family, familiesOf, familyOfOperation } from './families.ts';

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
  responses: Record<
    string,
    {
      description: string;
      headers?: Record<string, { required?: boolean; schema?: JsonSchema }>;
      content?: Record<string, MediaType>;
    }
  >;
  security?: Record<string, string[]>[];
  deprecated?: boolean;
  [key: string]: unknown;
}
export type PathItem = { parameters?: Parameter[]; servers?: { url: string }[] } & Partial<
  Record<HttpMethod, Operation>
>;
export type JsonSchema = Record<string, unknown> | boolean;

/** One operation of a document, with its family and its merged (path + operation) parameters. */
export interface OperationEntry {
  path: string;
  method: HttpMethod;
  operation: Operation;
  parameters: Parameter[];
  family: Family;
}

/** Every operation of a document, with its path, method, family and merged parameters. */
export function operationsOf(doc: OpenApiDocument): OperationEntry[] {
  const families = familiesOf(doc);
  const out: OperationEntry[] = [];
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of HTTP_METHODS) {
      const operation = item[method];
      if (!operation) continue;
      const own = operation.parameters ?? [];
      const inherited = (item.parameters ?? []).filter((p) => !own.some((o) => o.name === p.name && o.in === p.in));
      out.push({
        path,
        method,
        operation,
        parameters: [...inherited, ...own],
        family: familyOfOperation(families, operation),
      });
    }
  }
  return out;
}

/** The HTTP methods a document uses, in the order of HTTP_METHODS. */
export function methodsOf(doc: OpenApiDocument): HttpMethod[] {
  const used = new Set(operationsOf(doc).map((o) => o.method));
  return HTTP_METHODS.filter((m) => used.has(m));
}
