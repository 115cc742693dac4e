/**
 * `pnpm spec:diff` as a designer meets it: a deliberate breaking edit of this repository's spec is
 * reported as breaking and fails; a description-only edit is docs-only and passes; the version
 * policy holds for the contract as it is committed.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cli = fileURLToPath(new URL('../src/cli.ts', import.meta.url));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });

/** A copy of openapi/ with one file edited. */
function edited(file: string, find: string | RegExp, replace: string | ((...match: string[]) => string)): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'spec-diff-edit-')), 'openapi');
  cpSync(join(root, 'openapi'), dir, { recursive: true });
  const path = join(dir, file);
  const before = readFileSync(path, 'utf8');
  const after = before.replace(find, typeof replace === 'string' ? () => replace : replace);
  expect(after).not.toBe(before);
  writeFileSync(path, after);
  return dir;
}

describe('pnpm spec:diff on this repository', () => {
  it("reports narrowing emmCommandId's pattern as breaking, and exits non-zero", () => {
    // The parameter's own schema, lower-case hex only (ObjectId, which it shares, accepts both cases).
    const dir = edited(
      'components/parameters/android/emmCommandId.yaml',
      /schema:\n {2}\$ref: .*/,
      "schema:\n  type: string\n  pattern: '^[a-f0-9]{24}$'",
    );
    const result = run('diff', '--base', 'HEAD', '--head-dir', dir);
    expect(result.status, result.stderr).toBe(1);
    expect(result.stdout).toMatch(
      /\| \*\*breaking\*\* \| GET \/organizations\/\{organizationId\}\/mdm\/android\/enterprise\/devices\/\{emmDeviceId\}\/commands\/\{emmCommandId\} \| `[^`]*emmCommandId\/schema\/pattern` \| pattern .* now refuses/,
    );
    expect(result.stdout).toContain('`request.pattern.narrowed`');
    expect(result.stdout).toContain('### Family android');
  });

  it('reports a description-only edit as docs-only, and exits 0', () => {
    const dir = edited(
      'components/parameters/android/emmCommandId.yaml',
      /description: .*/,
      'description: The command id, 24 hex digits (reworded).',
    );
    const result = run('diff', '--base', 'HEAD', '--head-dir', dir, '--format', 'json');
    expect(result.status).toBe(0);
    const changes = (JSON.parse(result.stdout) as { changes: { class: string }[] }).changes;
    expect(changes.length).toBeGreaterThan(0);
    expect([...new Set(changes.map((c) => c.class))]).toEqual(['docs-only']);
  });

  it('accepts a breaking edit with a reviewed x-breaking-change-approved note', () => {
    // A new note (the one already in info, if any, is replaced: an approval is new in the change).
    const dir = edited(
      'openapi.yaml',
      /\n {2}version: (.*)\n(?: {2}x-breaking-change-approved: .*\n)?/,
      (_match, version) =>
        `\n  version: ${version}\n  x-breaking-change-approved: 'Reviewed in #13, clients updated.'\n`,
    );
    const narrowed = readFileSync(join(dir, 'components/parameters/android/emmCommandId.yaml'), 'utf8').replace(
      /schema:\n {2}\$ref: .*/,
      () => "schema:\n  type: string\n  pattern: '^[a-f0-9]{24}$'",
    );
    writeFileSync(join(dir, 'components/parameters/android/emmCommandId.yaml'), narrowed);
    const result = run('diff', '--base', 'HEAD', '--head-dir', dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Breaking changes approved: Reviewed in #13, clients updated.');
  });

  it('holds the version policy for the contract as committed (the test command checks it)', () => {
    const result = run('diff');
    expect(result.stdout + result.stderr).not.toContain('Version policy:');
    expect(result.status).toBe(0);
  });

  it('finds a release without its tag: spec-v1.0.0 is the commit the changelog records for it', () => {
    const recorded = /^Since `spec-v1\.0\.0` \(commit `([0-9a-f]+)`\)/m.exec(
      readFileSync(join(root, 'openapi/CHANGELOG.md'), 'utf8'),
    )?.[1];
    expect(recorded).toMatch(/^[0-9a-f]{12}$/);
    const result = run('diff', '--base', 'spec-v1.0.0', '--format', 'json', '--fail-on', 'none');
    expect(result.status, result.stderr).toBe(0);
    expect((JSON.parse(result.stdout) as { base: string }).base.startsWith(recorded ?? '-')).toBe(true);
  });

  it.each([
    ['the head', '--head-dir'],
    ['the base', '--base-dir'],
  ])(
    'refuses a contract that does not parse on %s side with its file:line:col in one line, and exit 2 (not 1, "breaking")',
    (_side, option) => {
      const dir = edited('components/parameters/android/emmCommandId.yaml', /^schema:/m, 'schema: [');
      const result = run('diff', option, dir, ...(option === '--head-dir' ? ['--base', 'HEAD'] : []));
      expect(result.status, result.stderr).toBe(2);
      expect(result.stdout).toBe('');
      expect(result.stderr.trim().split('\n')).toEqual([
        expect.stringMatching(/^spec-diff: \S*emmCommandId\.yaml:\d+:\d+ error \S+ .+$/),
      ]);
    },
  );

  it.each([
    ['spec-v9.9.9', /no tag spec-v9\.9\.9, no commit recorded for it in openapi\/CHANGELOG\.md/],
    ['no-such-branch', /no-such-branch is not a commit, branch or tag of this repository/],
  ])('refuses an unknown base %s in one line, with exit 2', (base, message) => {
    const result = run('diff', '--base', base);
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
