/** The docs site shows the contract's changelog (openapi/CHANGELOG.md, written by `pnpm spec:changelog`). */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const page = readFileSync(new URL('../dist/index.html', import.meta.url), 'utf8');
const changelog = readFileSync(new URL('../../../openapi/CHANGELOG.md', import.meta.url), 'utf8');

describe('the docs site', () => {
  it('renders every release of the changelog under its own heading', () => {
    expect(page).toContain('Changelog');
    const releases = [...changelog.matchAll(/^## (\d+\.\d+\.\d+ \(\d{4}-\d{2}-\d{2}\))$/gm)].map((m) => m[1] ?? '');
    expect(releases.length).toBeGreaterThanOrEqual(2);
    for (const release of releases) expect(page).toContain(release);
  });
});
