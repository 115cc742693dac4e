/**
 * What the try-it console knows, taken from the contract at build time: every operation (method,
 * path, family, parameters with their examples and patterns, the request body example, and the
 * documented responses with their schemas) and the reference server's demo tokens per family.
 * The page embeds it as JSON; the console (app.ts) runs in the browser.
 */
import { DEMO_TOKENS, DOCS_SERVER } from '@device-commands/server';
import type { JsonSchema, OpenApiDocument } from '@device-commands/spec';
import { operationsOf } from '@device-commands/spec';

export interface ConsoleParameter {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  description: string;
  example: string;
  pattern?: string;
}

export interface ConsoleOperation {
  operationId: string;
  summary: string;
  family: string;
  method: string;
  path: string;
  /** The operation in the reference page (Redoc's hash route: tag slug / operation id). */
  reference: string;
  parameters: ConsoleParameter[];
  /** The request body's first example, as JSON text (absent: the operation takes no body). */
  body?: string;
  /** Documented responses: status key (`200`, `4XX`, `default`) → JSON schema of its JSON body, if any. */
  responses: Record<string, { description: string; schema?: JsonSchema }>;
}

export interface ConsoleFamily {
  id: string;
  name: string;
  /** The family's path on the reference server (the path of its `local` URL), appended to the page's origin. */
  basePath: string;
  local: string;
  upstream: string;
  tokens: { token: string; description: string }[];
}

export interface ConsoleData {
  /** The `Server` header of the reference server's docs files. */
  referenceServer: string;
  title: string;
  version: string;
  families: ConsoleFamily[];
  operations: ConsoleOperation[];
}

const text = (value: unknown) => (typeof value === 'string' ? value : JSON.stringify(value));

export function consoleData(dereferenced: OpenApiDocument): ConsoleData {
  const entries = operationsOf(dereferenced);
  const families = [...new Map(entries.map((e) => [e.family.id, e.family])).values()];
  const info = dereferenced.info as { title: string; version: string };
  return {
    referenceServer: DOCS_SERVER,
    title: info.title,
    version: info.version,
    families: families.map((f) => ({
      id: f.id,
      name: f.name,
      basePath: f.basePath,
      local: f.local,
      upstream: f.upstream,
      tokens: DEMO_TOKENS.filter((t) => t.family === f.id).map((t) => ({
        token: t.token,
        description: t.description ?? '',
      })),
    })),
    operations: entries.map(({ operation, method, path, parameters, family }) => {
      const json = operation.requestBody?.content['application/json'];
      const bodyExample = json?.examples ? Object.values(json.examples)[0]?.value : undefined;
      return {
        operationId: operation.operationId,
        summary: text(operation.summary ?? operation.operationId),
        family: family.id,
        method: method.toUpperCase(),
        path,
        reference: `./#/${family.tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${operation.operationId.toLowerCase()}`,
        parameters: parameters
          .filter((p) => p.in !== 'cookie')
          .map((p) => {
            const schema = (p.schema ?? {}) as { pattern?: string; default?: unknown };
            const example = p.example ?? Object.values(p.examples ?? {})[0]?.value ?? schema.default;
            return {
              name: p.name,
              in: p.in as ConsoleParameter['in'],
              required: p.required === true,
              description: text(p.description ?? ''),
              example: example === undefined || !(p.in === 'path' || p.required) ? '' : text(example),
              ...(schema.pattern ? { pattern: schema.pattern } : {}),
            };
          }),
        ...(bodyExample === undefined ? {} : { body: JSON.stringify(bodyExample, null, 2) }),
        responses: Object.fromEntries(
          Object.entries(operation.responses).map(([status, response]) => {
            const schema = response.content?.['application/json']?.schema;
            return [status, { description: response.description, ...(schema === undefined ? {} : { schema }) }];
          }),
        ),
      };
    }),
  };
}
