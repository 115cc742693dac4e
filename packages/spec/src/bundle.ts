/**
 * Bundles the hand-written contract (openapi/) into packages/spec/generated/:
 *   openapi.yaml, openapi.json       one file, components by name, $refs kept
 *   openapi.dereferenced.json        every $ref inlined
 * and fails if the bundle is not valid against the official OpenAPI 3.1 meta-schema or does not
 * declare its families.
 *
 *   node src/bundle.ts [--root <openapi.yaml>] [--out <dir>]   (defaults: openapi/, generated/)
 * The config is the redocly.yaml beside the root.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { redocly } from '@device-commands/testkit/redocly';
import { parse, stringify } from 'yaml';
import type { OpenApiDocument } from './document.ts';
import { familiesOf } from './families.ts';
import { validateAgainstMetaSchema } from './meta-schema.ts';
import { GENERATED_NOTE, generatedDir, specRoot } from './paths.ts';

const { values: args } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
const root = args.root ?? specRoot;
const out = args.out ?? generatedDir;
const redoclyConfig = join(dirname(root), 'redocly.yaml');

const started = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'spec-bundle-'));
try {
  const bundledPath = join(tmp, 'openapi.yaml');
  const derefPath = join(tmp, 'openapi.dereferenced.json');
  redocly(['bundle', root, '--config', redoclyConfig, '-o', bundledPath]);
  redocly(['bundle', root, '--config', redoclyConfig, '--dereferenced', '-o', derefPath]);

  const bundled = withNote(parse(readFileSync(bundledPath, 'utf8')));
  const dereferenced = withNote(JSON.parse(readFileSync(derefPath, 'utf8')));

  familiesOf(bundled as OpenApiDocument);
  for (const [name, doc] of [
    ['openapi.yaml', bundled],
    ['openapi.dereferenced.json', dereferenced],
  ] as const) {
    const errors = await validateAgainstMetaSchema(doc);
    if (errors.length > 0) {
      throw new Error(`${name} is not a valid OpenAPI 3.1 document:\n${errors.join('\n')}`);
    }
  }

  writeFileSync(
    join(out, 'openapi.yaml'),
    `# ${GENERATED_NOTE}\n${stringify(bundled, { lineWidth: 0, aliasDuplicateObjects: false })}`,
  );
  writeFileSync(join(out, 'openapi.json'), `${JSON.stringify(bundled, null, 2)}\n`);
  writeFileSync(join(out, 'openapi.dereferenced.json'), `${JSON.stringify(dereferenced, null, 2)}\n`);
  const ms = Math.round(performance.now() - started);
  console.log(`spec: bundled ${root} into ${out} and validated it against OAS 3.1 (${ms} ms)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Puts the do-not-edit note first, as an extension that every consumer ignores. */
function withNote(doc: Record<string, unknown>): Record<string, unknown> {
  const { openapi, ...rest } = doc;
  return { openapi, 'x-generated': GENERATED_NOTE, ...rest };
}
