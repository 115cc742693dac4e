/** Every documented status of every operation was exercised: the matrix, and the check. */
import { documentedStatuses as allDocumented } from '../judge.ts';
import type { Exchange } from '../oracle.ts';
import { type Check, SkipCheck } from '../runner.ts';

export function coverageMatrix(
  exchanges: Exchange[],
  families?: string[],
): { rows: string[]; missing: string[]; documented: number } {
  const rows: string[] = [];
  const missing: string[] = [];
  const documentedStatuses = allDocumented.filter((o) => !families || families.includes(o.family));
  const statuses = [...new Set(documentedStatuses.flatMap((o) => o.statuses))].sort();
  const width = Math.max(...documentedStatuses.map((o) => o.operationId.length));
  rows.push(`${'operation'.padEnd(width)}  ${statuses.map((s) => s.padStart(5)).join('')}`);
  for (const { operationId, statuses: documented } of documentedStatuses) {
    const cells = statuses.map((status) => {
      if (!documented.includes(status)) return '    ·';
      const n = exchanges.filter((e) => e.operationId === operationId && String(e.status) === status).length;
      if (n === 0) missing.push(`${operationId} ${status}`);
      return String(n === 0 ? '✗' : n).padStart(5);
    });
    rows.push(`${operationId.padEnd(width)}  ${cells.join('')}`);
  }
  return { rows, missing, documented: documentedStatuses.reduce((n, o) => n + o.statuses.length, 0) };
}

/** Runs last: 100% coverage is required when nothing was skipped; otherwise it is reported as partial. */
export function coverageCheck(exchanges: () => Exchange[], skipped: () => number, families?: string[]): Check {
  return {
    id: 'coverage',
    group: 'coverage',
    name: 'every documented status of every operation was exercised (100%)',
    kind: 'behaviour',
    demands: ['#/paths'],
    run: async (t) => {
      const { missing } = coverageMatrix(exchanges(), families);
      if (skipped() > 0 && missing.length > 0)
        throw new SkipCheck(`${skipped()} checks were skipped, so coverage is partial: missing ${missing.join(', ')}`);
      t.expect(missing, [], 'documented statuses never exercised');
    },
  };
}
