/**
 * Builds the publishable package (codegen's bundlePackage): `dist/` holds the CLI and the library
 * bundled to JavaScript, this repository's own packages inlined (the contract as data, the process
 * helpers) and the npm dependencies left as dependencies; `generated/` holds the contract's bundles.
 * The reference server stays outside: an optional peer, loaded only when no `--target` is given.
 *
 *   node build.ts
 */
import { copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePackage } from '@device-commands/codegen/package-bundle';

const root = fileURLToPath(new URL('.', import.meta.url));
const built = await bundlePackage(root, { cli: 'src/cli.ts', index: 'src/contract.ts' });
copyFileSync(join(root, 'src/config.schema.json'), join(root, 'dist/config.schema.json'));
process.stdout.write(`built ${built.join(', ')} and generated/\n`);
