/**
 * Builds a publishable package from its TypeScript sources: rolldown bundles the entries into
 * `dist/` as ES modules, this repository's own packages inlined and the package's npm dependencies
 * (and peers) left as imports; the contract's bundles are copied to `generated/`, where the inlined
 * `@device-commands/spec` looks for them (`../generated/` beside `dist/`), unless the package
 * depends on the published `@device-commands/spec` (`contract: false`). Used by the build.ts of
 * the contract suite and of the sandbox server.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { bundlePaths } from '@device-commands/spec';
import { rolldown } from 'rolldown';

export async function bundlePackage(
  root: string,
  input: Record<string, string>,
  { contract = true }: { contract?: boolean } = {},
): Promise<string[]> {
  const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
    dependencies?: Record<string, string>;
    peerDependencies?: Record<string, string>;
  };
  const external = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.peerDependencies ?? {})];
  rmSync(join(root, 'dist'), { recursive: true, force: true });
  rmSync(join(root, 'generated'), { recursive: true, force: true });
  const bundler = await rolldown({
    input: Object.fromEntries(Object.entries(input).map(([name, file]) => [name, join(root, file)])),
    platform: 'node',
    logLevel: 'warn',
    external: (id) => id.startsWith('node:') || external.some((name) => id === name || id.startsWith(`${name}/`)),
  });
  await bundler.write({ dir: join(root, 'dist'), format: 'esm', sourcemap: true });
  await bundler.close();
  if (!contract) return readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
  mkdirSync(join(root, 'generated'));
  for (const file of Object.values(bundlePaths))
    copyFileSync(file, join(root, 'generated', file.split('/').pop() ?? ''));
  return readdirSync(join(root, 'dist')).filter((f) => f.endsWith('.js'));
}
