#!/usr/bin/env node
/**
 * pnpm spec:diff [--base <git-ref> | --base-dir <openapi/>] [--head <git-ref> | --head-dir <openapi/>]
 *   [--format md|json] [--fail-on breaking|any|none]
 *   Bundles openapi/ at the base ref and in the work tree, lists every change with its class, per
 *   family, and applies the version policy. Default base: the merge base with main, or on main the
 *   previous commit.
 * pnpm spec:changelog [--base <git-ref>]
 *   Writes (or rewrites) the section of openapi/CHANGELOG.md for the work tree's info.version.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { OpenApiDocument } from '@device-commands/spec';
import { bundlerVersion, ContractError, dereferencedBundle } from '@device-commands/spec/bundler';
import { parse } from 'yaml';
import { type Change, diffSpecs } from './diff.ts';
import { changelogFile, changelogRecord } from './releases.ts';
import { changelogSection, markdown, versionPolicy } from './report.ts';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const cacheDir = join(root, 'node_modules', '.cache', 'spec-diff');
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

/**
 * The dereferenced bundle of openapi/ at a commit (or the work tree), built with that version's own
 * Redocly configuration, in process. A commit's bundle is kept in node_modules/.cache/spec-diff/ (a
 * commit never changes; the key names the bundler's version too), so a second diff against the same
 * base costs nothing.
 */
export async function bundleAt(commit: string | undefined): Promise<OpenApiDocument> {
  if (!commit) return (await dereferencedBundle(join(root, 'openapi', 'openapi.yaml'))) as unknown as OpenApiDocument;
  const cached = join(cacheDir, `${commit}-openapi-core-${bundlerVersion}.json`);
  if (existsSync(cached)) return JSON.parse(readFileSync(cached, 'utf8')) as OpenApiDocument;
  const tmp = mkdtempSync(join(tmpdir(), 'spec-diff-'));
  try {
    execFileSync('bash', ['-c', `git archive ${JSON.stringify(commit)} openapi | tar -x -C ${JSON.stringify(tmp)}`], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let doc: Record<string, unknown>;
    try {
      doc = await dereferencedBundle(join(tmp, 'openapi', 'openapi.yaml'));
    } catch (error) {
      // Where the problem is, as the user can look it up: `<commit>:openapi/…`.
      if (error instanceof ContractError) {
        throw new ContractError(
          error.problems.map((p) => ({ ...p, file: `${commit.slice(0, 12)}:${relative(tmp, p.file) || p.file}` })),
        );
      }
      throw error;
    }
    mkdirSync(cacheDir, { recursive: true });
    writeFileSync(`${cached}.${process.pid}`, JSON.stringify(doc));
    renameSync(`${cached}.${process.pid}`, cached);
    return doc as unknown as OpenApiDocument;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** The dereferenced bundle of an openapi/ folder elsewhere (a copy being edited). */
export async function bundleDir(dir: string): Promise<OpenApiDocument> {
  return (await dereferencedBundle(join(dir, 'openapi.yaml'))) as unknown as OpenApiDocument;
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

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const { values } = parseArgs({
    args: rest,
    options: {
      base: { type: 'string' },
      head: { type: 'string' },
      'head-dir': { type: 'string' },
      'base-dir': { type: 'string' },
      format: { type: 'string' },
      'fail-on': { type: 'string' },
    },
  });
  if (command !== 'diff' && command !== 'changelog') {
    process.stderr.write(
      'usage: spec-diff diff|changelog [--base <git-ref> | --base-dir <openapi/>] [--head <git-ref> | --head-dir <openapi/>] [--format md|json] [--fail-on breaking|any|none]\n',
    );
    return 2;
  }
  // --head <ref> compares two commits; without it, the work tree (what a designer is editing).
  const after = values['head-dir']
    ? await bundleDir(values['head-dir'])
    : await bundleAt(values.head ? resolveRef(values.head) : undefined);
  const release = lastRelease(after.info.version);
  // A changelog section describes a version against the last release; a diff, one change against its base.
  const since =
    values['base-dir'] !== undefined
      ? { ref: values['base-dir'], name: values['base-dir'] }
      : values.base !== undefined
        ? { ref: resolveRef(values.base), name: values.base }
        : command === 'changelog' && release
          ? release
          : { ref: defaultBase(), name: undefined };
  const base = since.ref;
  // --base-dir compares against another copy of openapi/ (a checkout of another branch, say).
  const before = values['base-dir'] ? await bundleDir(values['base-dir']) : await bundleAt(base);
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
  const released = release ? await bundleAt(release.ref) : before;
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
  process.exitCode = await main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ContractError) {
    // A contract that does not parse or bundle, on either side: where, in one line each, and exit 2
    // (not 1, which a CI job reads as "breaking change").
    // A file that does not parse is reported once, where it is, not again by every file that refers to it.
    const parse = error.problems.filter((p) => /^Failed to parse/.test(p.message));
    const lines = (parse.length > 0 ? parse : error.problems).map((p) => {
      const inside = isAbsolute(p.file) ? relative(process.cwd(), p.file) : p.file;
      const file = inside.startsWith('..') ? p.file : inside;
      return `spec-diff: ${file}:${p.line}:${p.col} ${p.severity} ${p.rule} ${p.message}\n`;
    });
    for (const line of new Set(lines)) process.stderr.write(line);
    process.exitCode = 2;
  } else if (error instanceof UsageError) {
    process.stderr.write(`spec-diff: ${error.message}\n`);
    process.exitCode = 2;
  } else {
    throw error;
  }
}
