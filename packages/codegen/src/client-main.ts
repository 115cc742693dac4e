#!/usr/bin/env node
/**
 * `device-commands-client-sources [--spec <openapi.json>] --out-dir <dir>`: writes the typed client's
 * generated sources (see emit-client.ts) from the bundled contract. Build time only.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { emitClientSources } from './emit-client.ts';

const { values } = parseArgs({ options: { spec: { type: 'string' }, 'out-dir': { type: 'string' } } });
if (!values['out-dir']) {
  console.error('usage: device-commands-client-sources [--spec <openapi.json>] --out-dir <dir>');
  process.exit(2);
}
const started = performance.now();
const files = await emitClientSources(values.spec);
mkdirSync(values['out-dir'], { recursive: true });
for (const [name, text] of Object.entries(files)) writeFileSync(join(values['out-dir'], name), text);
console.log(
  `codegen: wrote ${Object.keys(files).join(', ')} into ${values['out-dir']} (${Math.round(performance.now() - started)} ms)`,
);
