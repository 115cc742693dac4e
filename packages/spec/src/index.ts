/**
 * @device-commands/spec: the bundled contract, for every package that builds from it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenApiDocument } from './document.ts';
import { generatedDir } from './paths.ts';

export { closeSchema, createSpecAjv } from './ajv.ts';
export * from './document.ts';
export * from './families.ts';
export { type InputLimits, inputLimitsOf } from './limits.ts';
export { GENERATED_NOTE, generatedDir, specRoot } from './paths.ts';
export { documentedResponse, type ResponseKey } from './responses.ts';
export { negatives, patternSamples, positives, seeded } from './samples.ts';

/** Absolute paths of the three bundles. */
export const bundlePaths = {
  yaml: join(generatedDir, 'openapi.yaml'),
  json: join(generatedDir, 'openapi.json'),
  dereferenced: join(generatedDir, 'openapi.dereferenced.json'),
} as const;

/** The bundled document ($refs to components kept). */
export function loadSpec(file: string = bundlePaths.json): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}

/** The dereferenced document (every $ref inlined). */
export function loadDereferencedSpec(file: string = bundlePaths.dereferenced): OpenApiDocument {
  return JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
}
