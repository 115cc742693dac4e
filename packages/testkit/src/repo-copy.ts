import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const SKIPPED = new Set(['.data', 'test-results', 'reports', '.vite', '.vite-temp', '.turbo', 'results']);

/**
 * A working copy of this repository in a temporary directory, for tests that edit the contract:
 * openapi/ and every package (sources, generated files, built dist/) are copied, and node_modules is
 * linked to this repository's (the packages' own node_modules hold relative links, copied as they
 * are, so that they resolve inside the copy). Returns its root and a function that removes it.
 */
export function copyRepo(prefix = 'repo-copy-'): { root: string; remove: () => void } {
  const source = fileURLToPath(new URL('../../../', import.meta.url));
  const root = mkdtempSync(join(tmpdir(), prefix));
  for (const entry of ['openapi', 'package.json', 'tsconfig.base.json', 'tsconfig.code.json']) {
    cpSync(join(source, entry), join(root, entry), { recursive: true });
  }
  for (const pkg of readdirSync(join(source, 'packages'))) {
    cpSync(join(source, 'packages', pkg), join(root, 'packages', pkg), {
      recursive: true,
      verbatimSymlinks: true,
      filter: (path) => !SKIPPED.has(basename(path)),
    });
  }
  if (existsSync(join(source, 'node_modules'))) symlinkSync(join(source, 'node_modules'), join(root, 'node_modules'));
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}
