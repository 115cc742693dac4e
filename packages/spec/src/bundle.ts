/**
 * Bundles the hand-written contract (openapi/) into packages/spec/generated/:
 *   openapi.yaml, openapi.json       one file, components by name, $refs kept
 *   openapi.dereferenced.json        every $ref inlined
 * and fails if the bundle is not valid against the official OpenAPI 3.1 meta-schema.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { validateAgainstMetaSchema } from './meta-schema.ts';
import { GENERATED_NOTE, generatedDir, redoclyConfig, specRoot } from './paths.ts';
import { redocly } from './redocly.ts';

const started = performance.now();
const tmp = mkdtempSync(join(tmpdir(), 'spec-bundle-'));
try {
  const bundledPath = join(tmp, 'openapi.yaml');
  const derefPath = join(tmp, 'openapi.dereferenced.json');
  redocly(['bundle', specRoot, '--config', redoclyConfig, '-o', bundledPath]);
  redocly(['bundle', specRoot, '--config', redoclyConfig, '--dereferenced', '-o', derefPath]);

  const bundled = withNote(parse(readFileSync(bundledPath, 'utf8')));
  const dereferenced = withNote(JSON.parse(readFileSync(derefPath, 'utf8')));

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
    join(generatedDir, 'openapi.yaml'),
    `# ${GENERATED_NOTE}\n${stringify(bundled, { lineWidth: 0, aliasDuplicateObjects: false })}`,
  );
  writeFileSync(join(generatedDir, 'openapi.json'), `${JSON.stringify(bundled, null, 2)}\n`);
  writeFileSync(join(generatedDir, 'openapi.dereferenced.json'), `${JSON.stringify(dereferenced, null, 2)}\n`);
  const ms = Math.round(performance.now() - started);
  console.log(`spec: bundled openapi/ into packages/spec/generated/ and validated it against OAS 3.1 (${ms} ms)`);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

/** Puts the do-not-edit note first, as an extension that every consumer ignores. */
function withNote(doc: Record<string, unknown>): Record<string, unknown> {
  const { openapi, ...rest } = doc;
  return { openapi, 'x-generated': GENERATED_NOTE, ...rest };
}
