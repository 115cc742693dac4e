#!/usr/bin/env node
/**
 * `device-commands-routes [--spec <openapi.json>] --out <routes.gen.ts>`: writes the server's routes
 * from the bundled contract (default: @device-commands/spec's generated/openapi.json). Build time only.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { bundlePaths, loadSpec } from '@device-commands/spec';
import { emitRoutes } from './emit-routes.ts';

const { values } = parseArgs({ options: { spec: { type: 'string' }, out: { type: 'string' } } });
if (!values.out) {
  console.error('usage: device-commands-routes [--spec <openapi.json>] --out <routes.gen.ts>');
  process.exit(2);
}
const started = performance.now();
writeFileSync(values.out, emitRoutes(loadSpec(values.spec ?? bundlePaths.json)));
console.log(`codegen: wrote ${values.out} (${Math.round(performance.now() - started)} ms)`);
