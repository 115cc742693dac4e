/**
 * `pnpm --filter @device-commands/spec-diff compare-engines`: runs the golden corpus through
 * api-smart-diff (a maintained library) and through our rules, and prints "library verdict vs ours"
 * against the expected class. The README keeps the result and says what the library gets wrong.
 */
import { apiCompare } from 'api-smart-diff';
import { baseDocument, GOLDEN } from '../fixtures/corpus.ts';
import { type ChangeClass, diffSpecs } from '../src/diff.ts';

const SEVERITY = ['none', 'docs-only', 'non-breaking', 'deprecation', 'breaking'] as const;
type Verdict = (typeof SEVERITY)[number];
const worst = (list: Verdict[]) =>
  list.reduce<Verdict>((w, c) => (SEVERITY.indexOf(c) > SEVERITY.indexOf(w) ? c : w), 'none');
const fromLibrary: Record<string, Verdict> = {
  breaking: 'breaking',
  'non-breaking': 'non-breaking',
  deprecated: 'deprecation',
  annotation: 'docs-only',
  unclassified: 'docs-only',
};

export function compareEngines(): { name: string; expected: ChangeClass; ours: Verdict; library: Verdict }[] {
  return GOLDEN.map((c) => {
    const after = baseDocument();
    c.change(after);
    const ours = worst(diffSpecs(baseDocument(), after).map((x) => x.class));
    let library: Verdict;
    try {
      const { diffs } = apiCompare(baseDocument() as object, after as object) as { diffs: { type: string }[] };
      library = worst(diffs.map((d) => fromLibrary[d.type] ?? 'docs-only'));
    } catch {
      library = 'none';
    }
    return { name: c.name, expected: c.expected, ours, library };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = compareEngines();
  const right = (v: Verdict, e: ChangeClass) => (v === e ? '✓' : '✗');
  const lines = [
    '| change | expected | api-smart-diff 1.0.6 | ours |',
    '|---|---|---|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${r.expected} | ${right(r.library, r.expected)} ${r.library} | ${right(r.ours, r.expected)} ${r.ours} |`,
    ),
  ];
  const score = (k: 'ours' | 'library') => rows.filter((r) => r[k] === r.expected).length;
  process.stdout.write(
    `${lines.join('\n')}\n\napi-smart-diff: ${score('library')}/${rows.length} right; ours: ${score('ours')}/${rows.length}\n`,
  );
}
