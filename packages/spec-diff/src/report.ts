/** The Markdown and changelog views of a diff, and the version policy. */
import type { OpenApiDocument } from '@device-commands/spec';
import type { Change, ChangeClass } from './diff.ts';

const ORDER: ChangeClass[] = ['breaking', 'deprecation', 'non-breaking', 'docs-only'];

export interface Policy {
  approved: boolean;
  approval?: string | undefined;
  problems: string[];
}

const semver = (v: string) => v.split('.').map((n) => Number.parseInt(n, 10) || 0) as [number, number, number];

/**
 * A breaking change needs a major bump of info.version, or an explicit, reviewed
 * `x-breaking-change-approved` note in `info` (new in this change). A non-breaking addition needs at
 * least a minor bump compared with the last release.
 */
export function versionPolicy(
  before: OpenApiDocument,
  after: OpenApiDocument,
  changes: Change[],
  released: OpenApiDocument,
  releasedAs: string,
): Policy {
  const problems: string[] = [];
  const note = (doc: OpenApiDocument) =>
    (doc.info as Record<string, unknown>)['x-breaking-change-approved'] as string | undefined;
  const approval = note(after) && note(after) !== note(before) ? note(after) : undefined;
  const [bMajor] = semver(before.info.version);
  const [aMajor, aMinor] = semver(after.info.version);
  const [rMajor, rMinor] = semver(released.info.version);
  const breaking = changes.filter((c) => c.class === 'breaking');
  if (breaking.length > 0 && !approval && aMajor <= bMajor)
    problems.push(
      `${breaking.length} breaking change(s) need a major version (info.version ${before.info.version} → ${aMajor + (aMajor <= bMajor ? bMajor - aMajor + 1 : 0)}.0.0), or a reviewed x-breaking-change-approved note in info`,
    );
  const additions = changes.filter(
    (c) => c.class === 'non-breaking' && /added|widened|opened|made-optional|undeprecated/.test(c.rule),
  );
  if (additions.length > 0 && aMajor === rMajor && aMinor <= rMinor)
    problems.push(
      `${additions.length} addition(s) need at least a minor version compared with the last release ${releasedAs} (${released.info.version} → ${rMajor}.${rMinor + 1}.0)`,
    );
  return { approved: Boolean(approval), approval, problems };
}

export function markdown(
  changes: Change[],
  meta: { base: string; before: string; after: string; policy: Policy },
): string {
  const lines = [`## Contract changes since ${meta.base} (${meta.before} → ${meta.after})`, ''];
  if (changes.length === 0) lines.push('No change.');
  const count = (c: ChangeClass) => changes.filter((x) => x.class === c).length;
  lines.push(ORDER.map((c) => `${count(c)} ${c}`).join(' · '), '');
  for (const family of [...new Set(changes.map((c) => c.family))].sort()) {
    lines.push(
      `### ${family === 'all' ? 'The whole contract' : `Family ${family}`}`,
      '',
      '| class | operation | where | change | rule |',
      '|---|---|---|---|---|',
    );
    for (const c of changes
      .filter((x) => x.family === family)
      .sort((a, b) => ORDER.indexOf(a.class) - ORDER.indexOf(b.class)))
      lines.push(
        `| ${c.class === 'breaking' ? '**breaking**' : c.class} | ${c.operation} | \`${c.pointer}\` | ${c.message.replace(/\|/g, '\\|')} | \`${c.rule}\` |`,
      );
    lines.push('');
  }
  if (meta.policy.approval) lines.push(`Breaking changes approved: ${meta.policy.approval}`, '');
  for (const p of meta.policy.problems) lines.push(`**Version policy:** ${p}`);
  return lines.join('\n');
}

/** A changelog section in plain words, grouped by family and class. */
/**
 * The changelog section of a version. `since` names the release it was compared with and that
 * release's commit, so that a clone without release tags finds the same base again.
 */
export function changelogSection(
  version: string,
  changes: Change[],
  date: string,
  since?: { name: string | undefined; commit: string },
): string {
  const words: Record<ChangeClass, string> = {
    breaking: 'Breaking: update your client or implementation',
    deprecation: 'Deprecated',
    'non-breaking': 'Added and relaxed',
    'docs-only': 'Documentation',
  };
  const lines = [`## ${version} (${date})`, ''];
  if (since)
    lines.push(
      `Since ${since.name ? `\`${since.name}\` (commit \`${since.commit}\`)` : `commit \`${since.commit}\``}.`,
      '',
    );
  const meaningful = changes.filter((c) => c.rule !== 'info.version.changed');
  if (meaningful.length === 0) lines.push('No change to the contract.', '');
  for (const family of [...new Set(meaningful.map((c) => c.family))].sort()) {
    lines.push(`### ${family === 'all' ? 'Every family' : family}`, '');
    for (const cls of ORDER) {
      const list = meaningful.filter((c) => c.family === family && c.class === cls);
      if (list.length === 0) continue;
      lines.push(`${words[cls]}:`, '');
      for (const c of list) lines.push(`- ${c.operation === '(document)' ? '' : `\`${c.operation}\`: `}${c.message}.`);
      lines.push('');
    }
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
