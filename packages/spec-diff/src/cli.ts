#!/usr/bin/env node
/**
 * pnpm spec:diff [--base <git-ref>] [--head <git-ref>] [--format md|json] [--fail-on breaking|any|none]
 *   Bundles openapi/ at the base ref and in the work tree, lists every change with its class, per
 *   family, and applies the version policy. Default base: the merge base with main, or on main the
 *   previous commit.
 * pnpm spec:changelog [--base <git-ref>]
 *   Writes (or rewrites) the section of openapi/CHANGELOG.md for the work tree's info.version.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { OpenApiDocument } from '@device-commands/spec';
import { redocly } from '@device-commands/testkit/redocly';
import { type Change, diffSpecs } from './diff.ts';
import { changelogSection, markdown, versionPolicy } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const git = (...args: string[]) =>
  execFileSync('git', args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** The merge base with main; on main itself, the previous commit. */
export function defaultBase(): string {
  const head = git('rev-parse', 'HEAD');
  for (const main of ['origin/main', 'main']) {
    try {
      const base = git('merge-base', 'HEAD', main);
      if (base && base !== head) return base;
    } catch {}
  }
  return git('rev-parse', 'HEAD~1');
}

/** The dereferenced bundle of openapi/ at a git ref (or the work tree), built with that version's own config. */
export function bundleAt(ref: string | undefined): OpenApiDocument {
  const tmp = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    let dir = join(root, 'openapi');
    if (ref) {
      execFileSync('bash', ['-c', `git archive ${JSON.stringify(ref)} openapi | tar -x -C ${JSON.stringify(tmp)}`], {
        cwd: root,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      dir = join(tmp, 'openapi');
    }
    const out = join(tmp, 'bundle.json');
    redocly(['bundle', join(dir, 'openapi.yaml'), '--config', join(dir, 'redocly.yaml'), '--dereferenced', '-o', out]);
    return JSON.parse(readFileSync(out, 'utf8')) as OpenApiDocument;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The dereferenced bundle of an openapi/ folder elsewhere (a copy being edited). */
export function bundleDir(dir: string): OpenApiDocument {
  const tmp = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    const out = join(tmp, 'bundle.json');
    redocly(['bundle', join(dir, 'openapi.yaml'), '--config', join(dir, 'redocly.yaml'), '--dereferenced', '-o', out]);
    return JSON.parse(readFileSync(out, 'utf8')) as OpenApiDocument;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The last release tag (`spec-v<version>`) reachable from HEAD, if any. */
function lastReleaseTag(): string | undefined {
  try {
    return git('describe', '--tags', '--match', 'spec-v*', '--abbrev=0');
  } catch {
    return undefined;
  }
}

function main(argv: string[]): number {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      'head-dir': { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
    },
  });
  const base = values.base ?? defaultBase();
  const before = bundleAt(base);
  // --head <ref> compares two commits; without it, the work tree (what a designer is editing).
  const after = values['head-dir'] ? bundleDir(values['head-dir']) : bundleAt(values.head);
  const changes: Change[] = diffSpecs(before, after);
  if (command === 'changelog') {
    const file = join(root, 'openapi', 'CHANGELOG.md');
    const current = readFileSync(file, 'utf8');
    const section = changelogSection(after.info.version, changes, new Date().toISOString().slice(0, 10));
    const heading = `## ${after.info.version}`;
    const start = current.indexOf(`${heading} `);
    let next: string;
    if (start >= 0) {
      const end = current.indexOf('\n## ', start + 1);
      next = `${current.slice(0, start)}${section}${end >= 0 ? `\n${current.slice(end + 1)}` : ''}`;
    } else {
      const firstSection = current.indexOf('\n## ');
      next =
        firstSection >= 0
          ? `${current.slice(0, firstSection + 1)}${section}\n${current.slice(firstSection + 1)}`
          : `${current.trimEnd()}\n\n${section}`;
    }
    writeFileSync(file, next);
    process.stdout.write(
      `spec:changelog: wrote the ${after.info.version} section of openapi/CHANGELOG.md (${changes.length} changes since ${base.slice(0, 12)})\n`,
    );
    return 0;
  }
  if (command !== 'diff') {
    process.stderr.write(
      'usage: spec-diff diff|changelog [--base <git-ref>] [--format md|json] [--fail-on breaking|any|none]\n',
    );
    return 2;
  }
  const failOn = values['fail-on'] ?? 'breaking';
  if (!['breaking', 'any', 'none'].includes(failOn)) {
    process.stderr.write(`spec:diff: --fail-on is breaking, any or none, not ${failOn}\n`);
    return 2;
  }
  const tag = lastReleaseTag();
  const released = tag ? bundleAt(tag) : before;
  const policy = versionPolicy(before, after, changes, released, tag ?? base.slice(0, 12));
  const format = values.format ?? 'md';
  process.stdout.write(
    format === 'json'
      ? `${JSON.stringify({ base, changes, policy }, null, 2)}\n`
      : `${markdown(changes, { base: base.slice(0, 12), before: before.info.version, after: after.info.version, policy })}\n`,
  );
  const breaking = changes.some((c) => c.class === 'breaking');
  if (failOn === 'none') return 0;
  if (policy.problems.length > 0) return 1;
  if (failOn === 'breaking' && breaking && !policy.approved) return 1;
  if (failOn === 'any' && changes.some((c) => c.class !== 'docs-only')) return 1;
  return 0;
}

process.exitCode = main(process.argv.slice(2));
