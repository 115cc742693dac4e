/**
 * Builds the publishable package: `dist/` holds the CLI and the library bundled to JavaScript by
 * rolldown, with this repository's own packages inlined (the contract as data, the process helpers)
 * and the npm dependencies left as dependencies; `generated/` holds the contract's bundles, read
 * where the inlined `@device-commands/spec` looks for them (`../generated/` beside `dist/`). The
 * reference server stays outside: an optional peer, loaded only when no `--target` is given.
 *
 *   node build.ts
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePaths } from '@device-commands/spec';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('.', import.meta.url));
const manifest = (await import('./package.json', { with: { type: 'json' } })).default as {
  dependencies: Record<string, string>;
  peerDependencies: Record<string, string>;
};
const external = [...Object.keys(manifest.dependencies), ...Object.keys(manifest.peerDependencies)];

rmSync(join(root, 'dist'), { recursive: true, force: true });
rmSync(join(root, 'generated'), { recursive: true, force: true });
const bundler = await rolldown({
  input: { cli: join(root, 'src/cli.ts'), index: join(root, 'src/contract.ts') },
  platform: 'node',
  logLevel: 'warn',
  external: (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`)),
});
await bundler.write({ dir: join(root, 'dist'), format: 'esm', sourcemap: true });
await bundler.close();
copyFileSync(join(root, 'src/config.schema.json'), join(root, 'dist/config.schema.json'));
mkdirSync(join(root, 'generated'));
for (const file of Object.values(bundlePaths)) copyFileSync(file, join(root, 'generated', file.split('/').pop() ?? ''));
process.stdout.write(
  `built ${readdirSync(join(root, 'dist'))
    .filter((f) => f.endsWith('.js'))
    .join(', ')} and generated/\n`,
);
