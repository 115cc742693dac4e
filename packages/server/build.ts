/**
 * Builds the publishable sandbox (codegen's bundlePackage): `dist/cli.js` (the bin, which checks the
 * Node version before loading anything that needs it), `dist/main.js` (the server) and
 * `dist/index.js` (what the contract suite loads when it starts the server itself), the npm
 * dependencies left as dependencies (the contract among them: `@device-commands/spec`, published
 * beside it). `--docs` (the prepack step) copies the built docs site into `docs/`:
 * it is built after this package (the docs build uses the server), so it joins at pack time.
 *
 *   node build.ts [--docs]
 */
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePackage } from '@device-commands/codegen/package-bundle';

const root = fileURLToPath(new URL('.', import.meta.url));
if (process.argv.includes('--docs')) {
  const site = join(root, '../docs/dist');
  if (!existsSync(join(site, 'index.html'))) {
    process.stderr.write(`build: no docs site at ${site}; run pnpm build first\n`);
    process.exit(2);
  }
  rmSync(join(root, 'docs'), { recursive: true, force: true });
  cpSync(site, join(root, 'docs'), { recursive: true });
  process.stdout.write('copied the docs site into docs/\n');
} else {
  const built = await bundlePackage(
    root,
    { cli: 'src/cli.ts', main: 'src/main.ts', index: 'src/index.ts' },
    { contract: false },
  );
  process.stdout.write(`built ${built.join(', ')}\n`);
}
