/**
 * The typed client's generated sources, from the bundled contract, never by hand:
 *   types.gen.ts               openapi-typescript's types of every path and component
 *   families.gen.ts            each declared family (id, upstream base URL), its error envelope's
 *                              members, the paths of each family, and every HTTP method the spec uses
 *   operations.gen.ts          one tree-shakable helper per operationId
 *   contract.gen.ts            the dereferenced paths, for the client's validation entry point
 *   documented-response.gen.ts the contract's one rule for "which documented response answers this
 *                              status", copied from @device-commands/spec so that the published
 *                              tarball carries it
 * `device-commands-client-sources` (the client's `generate`) and `pnpm dev` call it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  bundlePaths,
  familiesOf,
  GENERATED_NOTE,
  loadDereferencedSpec,
  loadSpec,
  methodsOf,
  operationsOf,
} from '@device-commands/spec';
import openapiTS, { astToString, COMMENT_HEADER } from 'openapi-typescript';

/** File name (in the client's src/generated/) → its text. */
export async function emitClientSources(specPath: string = bundlePaths.json): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  // As the openapi-typescript CLI writes it (default options), behind the repository's note.
  const ast = await openapiTS(pathToFileURL(specPath), { silent: true });
  files['types.gen.ts'] = `// ${GENERATED_NOTE}\n${COMMENT_HEADER}${astToString(ast)}`;

  const doc = loadSpec(specPath);
  const families = familiesOf(doc);
  const operations = operationsOf(doc);
  const lit = (v: unknown) => JSON.stringify(v);

  const lines = [
    `// ${GENERATED_NOTE}`,
    '// Source: packages/spec/generated/openapi.json (x-families, paths), by packages/codegen/src/emit-client.ts.',
    "import type { components } from './types.gen.ts';",
    '',
    '/** The API families the contract declares, with their upstream base URLs. */',
    'export const FAMILIES = {',
    ...families.map((f) => `  ${f.id}: { id: ${lit(f.id)}, upstream: ${lit(f.upstream)} },`),
    '} as const;',
    'export type FamilyId = keyof typeof FAMILIES;',
    '',
    "/** The members every error body of each family carries (its envelope schema's `required`). */",
    'export const ERROR_ENVELOPE_REQUIRED = {',
    ...families.map((f) => {
      const schema = (doc.components?.schemas?.[f.errorEnvelope] ?? {}) as { required?: string[] };
      return `  ${f.id}: ${lit(schema.required ?? [])},`;
    }),
    '} as const;',
    '',
    "/** Each family's error envelope (`errorEnvelope` of x-families). */",
    'export interface FamilyErrorEnvelopes {',
    ...families.map((f) => `  ${f.id}: components['schemas'][${lit(f.errorEnvelope)}];`),
    '}',
    '',
    "/** The paths of each family: a family's client accepts only its own. */",
    'export interface FamilyPaths {',
    ...families.map((f) => {
      const paths = [...new Set(operations.filter((o) => o.family.id === f.id).map((o) => o.path))];
      return `  ${f.id}: ${paths.map(lit).join(' | ') || 'never'};`;
    }),
    '}',
    '',
    '/** Every HTTP method the contract uses: each is a method of the clients. */',
    `export const METHODS = ${lit(methodsOf(doc).map((m) => m.toUpperCase()))} as const;`,
    'export type Method = (typeof METHODS)[number];',
    '',
  ];
  files['families.gen.ts'] = lines.join('\n');

  // One function per operationId: tree-shakable, typed by the same generated types as the path calls.
  const helpers = [
    `// ${GENERATED_NOTE}`,
    '// Source: packages/spec/generated/openapi.json (operationIds), by packages/codegen/src/emit-client.ts.',
    "import { type OperationCall, operation } from '../client.ts';",
    '',
  ];
  for (const { path, method, operation, family } of operations) {
    const summary = typeof operation.summary === 'string' ? operation.summary : operation.operationId;
    helpers.push(
      `/** ${method.toUpperCase()} ${path} (${family.id}): ${summary.replace(/\*\//g, '* /')} */`,
      `export const ${operation.operationId}: OperationCall<${lit(path)}, ${lit(method)}, ${lit(family.id)}> = /* @__PURE__ */ operation(${lit(method.toUpperCase())}, ${lit(path)});`,
      '',
    );
  }
  files['operations.gen.ts'] = helpers.join('\n');

  // The contract's paths, for the validation entry point: shipped inside the package.
  const dereferenced = specPath.replace(/openapi\.json$/, 'openapi.dereferenced.json');
  const paths = (existsSync(dereferenced) ? loadDereferencedSpec(dereferenced) : doc).paths;
  files['contract.gen.ts'] = [
    `// ${GENERATED_NOTE}`,
    '// Source: packages/spec/generated/openapi.dereferenced.json (paths), by packages/codegen/src/emit-client.ts.',
    '/** The dereferenced paths of the contract this client was generated from. */',
    `export const contract: { paths: object } = { paths: JSON.parse(${lit(JSON.stringify(paths))}) };`,
    '',
  ].join('\n');

  const specDir = dirname(createRequire(import.meta.url).resolve('@device-commands/spec/package.json'));
  const rule = readFileSync(join(specDir, 'src', 'responses.ts'), 'utf8');
  files['documented-response.gen.ts'] =
    `// ${GENERATED_NOTE}\n// Source: packages/spec/src/responses.ts, copied by packages/codegen/src/emit-client.ts.\n${rule}`;
  return files;
}
