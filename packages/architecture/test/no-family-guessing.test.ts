/**
 * Families are declared once, in the contract (`x-families`), and only @device-commands/spec reads
 * that declaration to decide which family an operation or a path belongs to. This test greps every
 * hand-written source file elsewhere for the ways the code used to guess: a path prefix, an upstream
 * host, a local base path, or the union of family names spelled out by hand.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** Hand-written source files outside the spec package (generated files and tests are not sources). */
function sources(): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      if (name === 'node_modules' || name === 'generated' || name === 'dist' || name.startsWith('.')) continue;
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (/\.(ts|js|mjs|sh)$/.test(name) && !/\.gen\.ts$/.test(name)) out.push(path);
    }
  };
  for (const pkg of readdirSync(join(root, 'packages'))) {
    if (pkg === 'spec') continue;
    for (const dir of ['src', 'scripts']) {
      try {
        walk(join(root, 'packages', pkg, dir));
      } catch {}
    }
  }
  walk(join(root, 'scripts'));
  return out;
}

const GUESSES: { name: string; pattern: RegExp }[] = [
  { name: 'a family decided by the Graph path prefix', pattern: /startsWith\(\s*['"`]\/me\b|['"`]\/me\/['"`]/ },
  { name: 'a family decided by the Android path prefix', pattern: /['"`]\/organizations\/['"`]/ },
  { name: 'an upstream host', pattern: /api\.applivery\.io|graph\.microsoft\.com/ },
  { name: 'a local base path spelled out', pattern: /['"`]\/(applivery\/v1|graph\/beta)\b/ },
  {
    name: 'the family union spelled out by hand',
    pattern: /['"]android['"]\s*\|\s*['"]graph['"]|['"]graph['"]\s*\|\s*['"]android['"]/,
  },
  { name: 'a family chosen by comparing with a family name', pattern: /family\s*===?\s*['"](android|graph)['"]\s*\?/ },
];

const files = sources();

describe('families are decided only by @device-commands/spec', () => {
  it('finds the hand-written sources to check', () => {
    expect(files.length).toBeGreaterThan(40);
  });

  it.each(GUESSES.map((g) => [g.name, g.pattern] as const))(
    'no source outside the spec package contains %s',
    (_name, pattern) => {
      const offenders = files.flatMap((file) =>
        readFileSync(file, 'utf8')
          .split('\n')
          .map((line, i) => ({ line, at: `${relative(root, file)}:${i + 1}` }))
          .filter(({ line }) => pattern.test(line))
          .map(({ line, at }) => `${at}: ${line.trim()}`),
      );
      expect(offenders).toEqual([]);
    },
  );
});
