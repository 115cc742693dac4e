/**
 * The published, versioned docs site: every released contract version the changelog records, each
 * built from its own commit's `openapi/` by today's site builder, at `v/<version>/`, and the newest
 * (the work tree's) also at the root. Every page gets a version switcher that lands on the same
 * operation in the other version when that version has it (else on its top), and the changelog's
 * version headings link to their version's reference. A clone without tags is enough: the commits
 * come from openapi/CHANGELOG.md (`pnpm spec:changelog` records them).
 *
 *   node src/build-versions.ts --out <dir>
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bundlePaths, loadDereferencedSpec, loadSpec, operationsOf } from '@device-commands/spec';
import { ContractBuilder, writeBundles } from '@device-commands/spec/bundler';
import { changelogRecord } from '@device-commands/spec-diff/releases';
import { buildSite, type SiteBundles } from './site.ts';

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** Redoc's hash route of an operation (`#/<tag slug>/<operationid>`), as its menu links it. */
export function redocRoute(tag: string, operationId: string): string {
  return `#/${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/${operationId.toLowerCase()}`;
}

export interface BuiltVersion {
  version: string;
  /** The commit its contract came from; undefined for the work tree (the newest). */
  commit: string | undefined;
  /** Redoc's route of every operation of that version. */
  routes: string[];
}

export interface VersionedSite {
  versions: BuiltVersion[];
  /** Versions the changelog names that could not be built, with why. */
  skipped: { version: string; why: string }[];
}

/** Bundles `openapi/` as it was at `commit` into `dir` (the three files the site reads). */
async function bundlesAt(commit: string, dir: string): Promise<SiteBundles> {
  const tree = join(dir, 'tree');
  mkdirSync(tree, { recursive: true });
  execFileSync('bash', ['-c', `git archive ${JSON.stringify(commit)} openapi | tar -x -C ${JSON.stringify(tree)}`], {
    cwd: repoRoot,
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const bundles = await new ContractBuilder(join(tree, 'openapi', 'openapi.yaml')).bundle();
  const out = join(dir, 'bundles');
  mkdirSync(out, { recursive: true });
  writeBundles(bundles, out);
  return {
    json: join(out, 'openapi.json'),
    yaml: join(out, 'openapi.yaml'),
    dereferenced: join(out, 'openapi.dereferenced.json'),
  };
}

function routesOf(bundles: SiteBundles): string[] {
  return operationsOf(loadDereferencedSpec(bundles.dereferenced)).map((e) =>
    redocRoute(e.family.tag, e.operation.operationId),
  );
}

/**
 * Where the switcher goes: the other version's page, keeping the reader's place (the hash) unless it
 * names an operation that version lacks, which lands on its top. Runs in the page (inlined as source).
 */
export function landing(hash: string, target: { href: string; routes: string[] }, allRoutes: string[][]): string {
  const isOperation = allRoutes.some((routes) => routes.includes(hash));
  const keep = hash !== '' && (!isOperation || target.routes.includes(hash));
  return target.href + (keep ? hash : '');
}

/** The switcher's HTML and script for one page; `root` is the relative path from the page to the site root. */
function switcher(versions: BuiltVersion[], current: string, root: string, page: string): string {
  const latest = versions[0]?.version;
  const targets = versions.map((v) => ({
    version: v.version,
    href: `${root}${v.version === latest ? '' : `v/${v.version}/`}${page}`,
    routes: v.routes,
  }));
  const options = targets
    .map(
      (t) =>
        `<option value="${t.version}"${t.version === current ? ' selected' : ''}>${t.version}${t.version === latest ? ' (latest)' : ''}</option>`,
    )
    .join('');
  return `<nav class="dc-versions" aria-label="Contract versions"><label for="dc-version">Contract version</label> <select id="dc-version">${options}</select></nav>
<script>
(() => {
  const targets = ${JSON.stringify(targets)};
  const landing = ${landing.toString()};
  const select = document.getElementById('dc-version');
  select.addEventListener('change', () => {
    const target = targets.find((t) => t.version === select.value);
    if (target) location.href = landing(location.hash, target, targets.map((t) => t.routes));
  });
})();
</script>`;
}

const SWITCHER_CSS = `<style>
.dc-versions { display: flex; align-items: center; gap: .5em; padding: .4em 1em; font: 14px/1.4 sans-serif;
  background: #f4f6fa; color: #1b1f24; border-bottom: 1px solid #d0d7e2; }
html.dark .dc-versions { background: #1c2128; color: #e6edf3; border-color: #30363d; }
.dc-versions select { font: inherit; padding: .15em .3em; }
</style>`;

/** Puts the switcher at the top of a built page. */
function decorate(dir: string, versions: BuiltVersion[], current: string, root: string): void {
  for (const page of ['index.html', 'try.html']) {
    const file = join(dir, page);
    const html = readFileSync(file, 'utf8');
    if (!/<body[^>]*>/.test(html)) throw new Error(`${file} has no <body> for the version switcher`);
    const nav = switcher(versions, current, root, page === 'index.html' ? '' : page);
    writeFileSync(
      file,
      html.replace('</head>', `${SWITCHER_CSS}</head>`).replace(/<body[^>]*>/, (body) => `${body}\n${nav}`),
    );
  }
}

/**
 * The changelog's version headings, with a link to that version's reference when it is built. Applied
 * to the Markdown the overview includes, before Redoc renders it.
 */
export function linkVersions(changelog: string, built: string[], root: string, latest: string): string {
  return changelog.replace(/^(#{2,4}) (\d+\.\d+\.\d+) (\([^)]*\))$/gm, (line, hashes, version) =>
    built.includes(version)
      ? `${line}\n\n[The ${version} reference](${root}${version === latest ? '' : `v/${version}/`})`
      : `${hashes} ${line.slice(hashes.length + 1)}`,
  );
}

/** Builds the versioned site into `out` (replaced whole). */
export async function buildVersionedSite(out: string): Promise<VersionedSite> {
  const { versions: named, commits } = changelogRecord();
  const current = loadSpec().info.version;
  const work = mkdtempSync(join(tmpdir(), 'docs-versions-'));
  const sources: { version: string; commit: string | undefined; bundles: SiteBundles }[] = [];
  const skipped: VersionedSite['skipped'] = [];
  try {
    for (const version of named) {
      if (version === current) {
        sources.push({ version, commit: undefined, bundles: bundlePaths });
        continue;
      }
      const commit = commits.get(version);
      if (!commit) {
        skipped.push({ version, why: 'openapi/CHANGELOG.md records no commit for it' });
        continue;
      }
      try {
        sources.push({ version, commit, bundles: await bundlesAt(commit, join(work, version)) });
      } catch (error) {
        skipped.push({
          version,
          why: `its contract does not bundle with today's builder: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }
    const versions: BuiltVersion[] = sources.map((s) => ({
      version: s.version,
      commit: s.commit,
      routes: routesOf(s.bundles),
    }));
    const built = versions.map((v) => v.version);
    rmSync(out, { recursive: true, force: true });
    for (const source of sources) {
      const dir = join(out, 'v', source.version);
      const root = '../../';
      await buildSite(dir, source.bundles, undefined, {
        changelog: (text) => linkVersions(text, built, root, built[0] ?? ''),
      });
      decorate(dir, versions, source.version, root);
    }
    // The newest at the root too, its links one level shallower.
    const newest = sources[0];
    if (newest) {
      const staging = join(work, 'root');
      await buildSite(staging, newest.bundles, undefined, {
        changelog: (text) => linkVersions(text, built, '', built[0] ?? ''),
      });
      decorate(staging, versions, newest.version, '');
      cpSync(staging, out, { recursive: true });
    }
    writeFileSync(join(out, 'versions.json'), `${JSON.stringify({ versions: built, skipped }, null, 2)}\n`);
    return { versions, skipped };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
