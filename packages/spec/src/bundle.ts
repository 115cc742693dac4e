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
import { parseArgs } from 'node:util';
import { ContractBuilder, ContractError, writeBundles } from './bundler.ts';
import { generatedDir, specRoot } from './paths.ts';

const { values: args } = parseArgs({ options: { root: { type: 'string' }, out: { type: 'string' } } });
const root = args.root ?? specRoot;
const out = args.out ?? generatedDir;

const started = performance.now();
try {
  writeBundles(await new ContractBuilder(root).bundle(), out);
} catch (error) {
  if (!(error instanceof ContractError)) throw error;
  process.stderr.write(`spec: ${root} does not bundle into a valid contract:\n${error.message}\n`);
  process.exit(1);
}
const ms = Math.round(performance.now() - started);
console.log(`spec: bundled ${root} into ${out} and validated it against OAS 3.1 (${ms} ms)`);
