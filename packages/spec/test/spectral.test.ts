/**
 * Portability: Spectral's own OpenAPI ruleset (`spectral:oas`), which generic tools apply, finds no
 * error and no warning in the bundle (root servers included for tools that ignore path-level ones).
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ToolError, tryRun } from '@device-commands/testkit';
import { describe, expect, it } from 'vitest';
import { bundlePaths } from '../src/index.ts';

const require = createRequire(import.meta.url);
const spectral = join(dirname(require.resolve('@stoplight/spectral-cli/package.json')), 'dist', 'index.js');
const ruleset = fileURLToPath(new URL('../spectral.yaml', import.meta.url));

describe('spectral:oas', () => {
  // The bundle, as tools read it. (The dereferenced bundle keeps `components` beside the inlined
  // copies, so Spectral calls every component unused there: it is meant for tools that cannot follow
  // $refs, not for linting.)
  it.each([['the bundle', bundlePaths.yaml]])(
    'reports no problem at all in %s',
    (_name, file) => {
      // Spectral exits 1 when it finds problems (they are listed below), and otherwise only when it fails.
      const result = tryRun(process.execPath, [spectral, 'lint', file, '--ruleset', ruleset, '-f', 'json', '--quiet']);
      if (result.signal !== null || (result.status !== 0 && !result.stdout.trim().startsWith('[')))
        throw new ToolError('spectral lint', result);
      const output = result.stdout;
      const problems = JSON.parse(output || '[]') as { code: string; message: string; path: string[] }[];
      expect(problems.map((p) => `${p.code} at ${p.path.join('.')}: ${p.message}`)).toEqual([]);
    },
    60_000,
  );
});
