/**
 * Builds the versioned docs site (see versions.ts): what the Pages workflow publishes.
 *
 *   node src/build-versions.ts [--out <dir>]   (default: site/ beside dist/)
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildVersionedSite } from './versions.ts';

const { values } = parseArgs({ options: { out: { type: 'string' } } });
const out = values.out ? resolve(values.out) : fileURLToPath(new URL('../site', import.meta.url));
const started = performance.now();
const { versions, skipped } = await buildVersionedSite(out);
console.log(
  `docs: ${versions.map((v) => `${v.version} (${v.commit?.slice(0, 12) ?? 'work tree'})`).join(', ')} into ${out} in ${Math.round(performance.now() - started)} ms`,
);
for (const s of skipped) console.log(`docs: ${s.version} not built: ${s.why}`);
