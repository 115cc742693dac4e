/** RELIABILITY.md: one table of figures, then each scenario's notes and verdict. */
import type { Result } from './scenarios.ts';

export function reliabilityMarkdown(results: (Result & { date: string; node: string })[]): string {
  const lines = [
    '# Reliability of the reference server under faults',
    '',
    "Written by `pnpm chaos` (loopback only), from each scenario's latest run in",
    '`packages/chaos/results/`. Each scenario starts what it needs, injects one fault, then looks up',
    'every acknowledged create and cancel in the database. "Lost" counts acknowledged writes the',
    'database does not hold as acknowledged; it must be 0. Scenarios, criteria and how to run them:',
    '`packages/chaos/README.md`.',
    '',
    '| scenario | fault | sent | acknowledged | answers by status | writes checked | lost | impossible states | recovery | p99 | max | verdict |',
    '|---|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---|',
  ];
  for (const r of results) {
    const statuses = Object.entries(r.byStatus)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([s, n]) => `${s === '0' ? 'no answer' : s}: ${n}`)
      .join(', ');
    lines.push(
      `| ${r.name} | ${r.fault} | ${r.sent} | ${r.acknowledged} | ${statuses} | ${r.checked} | ${r.lost} | ${r.impossible} | ${r.recoveryMs === undefined ? '·' : `${r.recoveryMs} ms`} | ${r.p99Ms} ms | ${r.maxMs} ms | ${r.failures.length === 0 ? 'pass' : '**fail**'} |`,
    );
  }
  lines.push('');
  for (const r of results) {
    lines.push(`## ${r.name}`, '', `${r.fault}. Run on ${r.date}, Node ${r.node}.`, '');
    for (const note of r.notes) lines.push(`- ${note}`);
    for (const failure of r.failures) lines.push(`- **failed:** ${failure}`);
    lines.push('');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
