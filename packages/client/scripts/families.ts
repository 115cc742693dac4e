/**
 * Writes the client's family facts from the bundled contract, never by hand:
 *   src/generated/families.gen.ts            each declared family (id, name, upstream base URL), the
 *                                             paths of each family, and every HTTP method the spec uses
 *   src/generated/documented-response.gen.ts the contract's one rule for "which documented response
 *                                             answers this status", copied from @device-commands/spec so
 *                                             that the published tarball carries it
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { familiesOf, GENERATED_NOTE, loadSpec, methodsOf, operationsOf } from '@device-commands/spec';

// --spec <openapi.json> --out-dir <dir>: defaults are the bundled contract and src/generated/.
const { values: args } = parseArgs({ options: { spec: { type: 'string' }, 'out-dir': { type: 'string' } } });
const doc = loadSpec(args.spec);
const families = familiesOf(doc);
const operations = operationsOf(doc);
const lit = (v: unknown) => JSON.stringify(v);

const lines = [
  `// ${GENERATED_NOTE}`,
  '// Source: packages/spec/generated/openapi.json (x-families, paths), by packages/client/scripts/families.ts.',
  '',
  '/** The API families the contract declares, with their upstream base URLs. */',
  'export const FAMILIES = {',
  ...families.map((f) => `  ${f.id}: { id: ${lit(f.id)}, upstream: ${lit(f.upstream)} },`),
  '} as const;',
  'export type FamilyId = keyof typeof FAMILIES;',
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

const specDir = dirname(createRequire(import.meta.url).resolve('@device-commands/spec/package.json'));
const rule = readFileSync(join(specDir, 'src', 'responses.ts'), 'utf8');
writeFileSync(
  here('documented-response.gen.ts'),
  `// ${GENERATED_NOTE}\n// Source: packages/spec/src/responses.ts, copied by packages/client/scripts/families.ts.\n${rule}`,
);
console.log(`client: wrote families.gen.ts (${families.length} families) and documented-response.gen.ts`);
