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
import { parse } from 'yaml';
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

/** The spec's `info.version` at a commit, if openapi/openapi.yaml exists there and names one. */
function versionAt(commit: string): string | undefined {
  try {
    const doc = parse(git('show', `${commit}:openapi/openapi.yaml`)) as { info?: { version?: unknown } } | null;
    return typeof doc?.info?.version === 'string' ? doc.info.version : undefined;
  } catch {
    return undefined;
  }
}

/** Commits that changed anything in openapi/, newest first, reachable from HEAD. */
const specCommits = () => git('log', '--format=%H', 'HEAD', '--', 'openapi').split('\n').filter(Boolean);

const changelogFile = join(root, 'openapi', 'CHANGELOG.md');

/** What openapi/CHANGELOG.md records: each version's section, and the release commit it was compared with. */
function changelogRecord(): { versions: string[]; commits: Map<string, string> } {
  let text = '';
  try {
    text = readFileSync(changelogFile, 'utf8');
  } catch {}
  const versions = [...text.matchAll(/^## (\d+\.\d+\.\d+) /gm)].map((m) => m[1] as string);
  const commits = new Map(
    [...text.matchAll(/^Since `spec-v(\d+\.\d+\.\d+)` \(commit `([0-9a-f]{7,40})`\)/gm)].map(
      (m) => [m[1] as string, m[2] as string] as const,
    ),
  );
  return { versions, commits };
}

/**
 * A ref as the user wrote it. `spec-v<version>` is the release tag when the clone has it. A clone
 * without tags (a CI checkout, a fork) resolves it to the commit the changelog records for that
 * release, else to the newest commit whose spec carries that `info.version`.
 */
export function resolveRef(ref: string): string {
  try {
    return git('rev-parse', '--verify', '--quiet', `${ref}^{commit}`);
  } catch {}
  const version = /^spec-v(\d+\.\d+\.\d+)$/.exec(ref)?.[1];
  if (version) {
    const recorded = changelogRecord().commits.get(version);
    if (recorded) return resolveRef(recorded);
    const commit = specCommits().find((c) => versionAt(c) === version);
    if (commit) return commit;
  }
  throw new UsageError(
    version
      ? `no tag ${ref}, no commit recorded for it in openapi/CHANGELOG.md, and no commit whose openapi/openapi.yaml has info.version ${version}`
      : `${ref} is not a commit, branch or tag of this repository`,
  );
}

/**
 * The last release before the work tree's version: the newest `spec-v*` tag reachable from HEAD;
 * without tags, the newest other version of openapi/CHANGELOG.md (resolved as above), else the
 * newest commit whose spec carries another version.
 */
function lastRelease(current: string): { ref: string; name: string } | undefined {
  try {
    const tag = git('describe', '--tags', '--match', 'spec-v*', '--abbrev=0');
    return { ref: git('rev-parse', `${tag}^{commit}`), name: tag };
  } catch {}
  const previous = changelogRecord().versions.find((v) => v !== current);
  if (previous) return { ref: resolveRef(`spec-v${previous}`), name: `spec-v${previous}` };
  for (const commit of specCommits()) {
    const version = versionAt(commit);
    if (version && version !== current) return { ref: commit, name: `spec-v${version}` };
  }
  return undefined;
}

class UsageError extends Error {}

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
  if (command !== 'diff' && command !== 'changelog') {
    process.stderr.write(
      'usage: spec-diff diff|changelog [--base <git-ref>] [--format md|json] [--fail-on breaking|any|none]\n',
    );
    return 2;
  }
  // --head <ref> compares two commits; without it, the work tree (what a designer is editing).
  const after = values['head-dir']
    ? bundleDir(values['head-dir'])
    : bundleAt(values.head ? resolveRef(values.head) : undefined);
  const release = lastRelease(after.info.version);
  // A changelog section describes a version against the last release; a diff, one change against its base.
  const since =
    values.base !== undefined
      ? { ref: resolveRef(values.base), name: values.base }
      : command === 'changelog' && release
        ? release
        : { ref: defaultBase(), name: undefined };
  const base = since.ref;
  const before = bundleAt(base);
  const changes: Change[] = diffSpecs(before, after);
  if (command === 'changelog') {
    const current = readFileSync(changelogFile, 'utf8');
    const section = changelogSection(after.info.version, changes, new Date().toISOString().slice(0, 10), {
      name: since.name && /^spec-v\d+\.\d+\.\d+$/.test(since.name) ? since.name : undefined,
      commit: base.slice(0, 12),
    });
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
    writeFileSync(changelogFile, next);
    process.stdout.write(
      `spec:changelog: wrote the ${after.info.version} section of openapi/CHANGELOG.md (${changes.length} changes since ${since.name ?? base.slice(0, 12)})\n`,
    );
    return 0;
  }
  const failOn = values['fail-on'] ?? 'breaking';
  if (!['breaking', 'any', 'none'].includes(failOn)) {
    process.stderr.write(`spec:diff: --fail-on is breaking, any or none, not ${failOn}\n`);
    return 2;
  }
  const released = release ? bundleAt(release.ref) : before;
  const policy = versionPolicy(before, after, changes, released, release?.name ?? base.slice(0, 12));
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

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`spec-diff: ${error.message}\n`);
  process.exitCode = 2;
}
