/**
 * Writes the client's family facts from the bundled contract, never by hand:
 *   src/generated/families.gen.ts            each declared family (id, name, upstream base URL), the
 *                                             paths of each family, and every HTTP method the spec uses
 *   src/generated/documented-response.gen.ts the contract's one rule for "which documented response
 *                                             answers this status", copied from @device-commands/spec so
 *                                             that the published tarball carries it
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import {
  bundlePaths,
  familiesOf,
  GENERATED_NOTE,
  loadDereferencedSpec,
  loadSpec,
  methodsOf,
  operationsOf,
} from '@device-commands/spec';

// --spec <openapi.json> --out-dir <dir>: defaults are the bundled contract and src/generated/.
const { values: args } = parseArgs({ options: { spec: { type: 'string' }, 'out-dir': { type: 'string' } } });
const doc = loadSpec(args.spec);
const families = familiesOf(doc);
const operations = operationsOf(doc);
const lit = (v: unknown) => JSON.stringify(v);

const lines = [
  `// ${GENERATED_NOTE}`,
  '// Source: packages/spec/generated/openapi.json (x-families, paths), by packages/client/scripts/families.ts.',
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
const outDir = args['out-dir']
  ? pathToFileURL(`${resolve(args['out-dir'])}/`)
  : new URL('../src/generated/', import.meta.url);
const here = (file: string) => new URL(file, outDir);
writeFileSync(here('families.gen.ts'), lines.join('\n'));

// One function per operationId: tree-shakable, typed by the same generated types as the path calls.
const helpers = [
  `// ${GENERATED_NOTE}`,
  '// Source: packages/spec/generated/openapi.json (operationIds), by packages/client/scripts/families.ts.',
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
writeFileSync(here('operations.gen.ts'), helpers.join('\n'));

// The contract's paths, for the validation entry point: shipped inside the package.
const dereferenced = args.spec
  ? args.spec.replace(/openapi\.json$/, 'openapi.dereferenced.json')
  : bundlePaths.dereferenced;
const paths = (existsSync(dereferenced) ? loadDereferencedSpec(dereferenced) : doc).paths;
writeFileSync(
  here('contract.gen.ts'),
  [
    `// ${GENERATED_NOTE}`,
    '// Source: packages/spec/generated/openapi.dereferenced.json (paths), by packages/client/scripts/families.ts.',
    '/** The dereferenced paths of the contract this client was generated from. */',
    `export const contract: { paths: object } = { paths: JSON.parse(${lit(JSON.stringify(paths))}) };`,
    '',
  ].join('\n'),
);

const specDir = dirname(createRequire(import.meta.url).resolve('@device-commands/spec/package.json'));
const rule = readFileSync(join(specDir, 'src', 'responses.ts'), 'utf8');
writeFileSync(
  here('documented-response.gen.ts'),
  `// ${GENERATED_NOTE}\n// Source: packages/spec/src/responses.ts, copied by packages/client/scripts/families.ts.\n${rule}`,
);
console.log(
  `client: wrote families.gen.ts (${families.length} families), operations.gen.ts (${operations.length} operations), contract.gen.ts and documented-response.gen.ts`,
);
