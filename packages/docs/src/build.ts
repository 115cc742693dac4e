/**
 * Builds the docs site into dist/ (see site.ts).
 *
 *   node src/build.ts [--bundles <dir with openapi.json, openapi.yaml, openapi.dereferenced.json>] [--out <dir>]
 */
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSite } from './site.ts';

const { values: args } = parseArgs({ options: { bundles: { type: 'string' }, out: { type: 'string' } } });
const bundles = args.bundles
  ? {
      json: join(resolve(args.bundles), 'openapi.json'),
      yaml: join(resolve(args.bundles), 'openapi.yaml'),
      dereferenced: join(resolve(args.bundles), 'openapi.dereferenced.json'),
    }
  : undefined;
const out = args.out ? resolve(args.out) : fileURLToPath(new URL('../dist', import.meta.url));
const { kib, samples, ms } = await buildSite(out, bundles);
console.log(`docs: dist/index.html (${kib} KiB, ${samples} code samples) in ${ms} ms`);
