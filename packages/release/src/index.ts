/**
 * The parts of a release that can be proven without publishing: which packages are publishable (every
 * workspace package not marked private), their tarballs as `pnpm pack` writes them (publishConfig
 * applied, prepack run), and the Node versions they claim, fetched from the npm registry when the
 * machine lacks them (as scripts/bootstrap.sh fetches Node 24).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { run } from '@device-commands/testkit';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface Manifest {
  name: string;
  version: string;
  private?: boolean;
  description?: string;
  license?: string;
  repository?: { type: string; url: string; directory: string };
  homepage?: string;
  bugs?: { url: string };
  engines?: { node?: string };
  files?: string[];
  bin?: Record<string, string>;
  types?: string;
  exports?: Record<string, unknown>;
  publishConfig?: { bin?: Record<string, string>; exports?: Record<string, unknown>; provenance?: boolean };
}

export interface Publishable {
  dir: string;
  manifest: Manifest;
}

/** Every workspace package that is not private, by name. */
export function publishable(): Publishable[] {
  const packages = join(repoRoot, 'packages');
  return readdirSync(packages)
    .map((name) => join(packages, name))
    .filter((dir) => existsSync(join(dir, 'package.json')))
    .map((dir) => ({ dir, manifest: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest }))
    .filter(({ manifest }) => manifest.private !== true)
    .sort((a, b) => a.manifest.name.localeCompare(b.manifest.name));
}

/** `pnpm pack` of one package into `dest`; the tarball's path. */
export function pack({ dir }: Publishable, dest: string): string {
  const { stdout } = run('pnpm', ['pack', '--pack-destination', dest], { cwd: dir, timeoutMs: 120_000 });
  const tarball = stdout.trim().split('\n').pop() ?? '';
  if (!tarball.endsWith('.tgz')) throw new Error(`pnpm pack in ${dir} printed no tarball:\n${stdout}`);
  return tarball.startsWith('/') ? tarball : join(dest, tarball);
}

/** The lowest Node a manifest claims: `>=22.13` → `22.13.0`. */
export function minimumNode(manifest: Manifest): string {
  const found = /^>=\s*(\d+)(?:\.(\d+))?(?:\.(\d+))?$/.exec(manifest.engines?.node ?? '');
  if (!found) throw new Error(`${manifest.name}: engines.node is ${manifest.engines?.node}, not ">=x.y"`);
  return `${found[1]}.${found[2] ?? 0}.${found[3] ?? 0}`;
}

/**
 * A `node` binary of exactly `version`: this process's when it is that version, else the registry's
 * build (`node-<platform>-<arch>`, the package scripts/bootstrap.sh uses) kept in .tools/.
 */
export function nodeBinary(version: string): string {
  if (process.versions.node === version) return process.execPath;
  const pkg = `node-${process.platform}-${process.arch}`;
  const prefix = join(repoRoot, '.tools', `node-${version}`);
  const bin = join(prefix, 'node_modules', pkg, 'bin', 'node');
  if (!existsSync(bin))
    run(
      'npm',
      ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `${pkg}@${version}`],
      { timeoutMs: 240_000 },
    );
  return bin;
}

/** The machine's Node 20 (this machine kind's `node`, which the suite and the client claim), or the registry's. */
export function machineNode20(): string {
  for (const dir of [...(process.env.PATH ?? '').split(':'), '/usr/bin', '/usr/local/bin']) {
    const candidate = join(dir, 'node');
    if (!existsSync(candidate)) continue;
    const version = spawnSync(candidate, ['--version'], { encoding: 'utf8' }).stdout?.trim() ?? '';
    if (version.startsWith('v20.')) return candidate;
  }
  return nodeBinary('20.20.2');
}
