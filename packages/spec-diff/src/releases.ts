/**
 * The releases openapi/CHANGELOG.md records: every version with a section, newest first, and the
 * commit of each earlier release (`Since \`spec-v1.1.0\` (commit \`3f9bf01f9323\`)`), written there
 * by `pnpm spec:changelog`. A clone without tags (CI's) finds the releases through this record.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const changelogFile = fileURLToPath(new URL('../../../openapi/CHANGELOG.md', import.meta.url));

export function changelogRecord(file: string = changelogFile): { versions: string[]; commits: Map<string, string> } {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {}
  const versions = [...text.matchAll(/^## (\d+\.\d+\.\d+) /gm)].map((m) => m[1] as string);
  const commits = new Map(
    [...text.matchAll(/^Since `spec-v(\d+\.\d+\.\d+)` \(commit `([0-9a-f]{7,40})`\)/gm)].map(
      (m) => [m[1] as string, m[2] as string] as const,
    ),
  );
  return { versions, commits };
}
